using GitActors.Host.Dashboard;

namespace GitActors.Host.Commands;

/// <summary>
/// `gitactors dashboard [--out DIR | --journal FILE | --journal-provider postgres --journal-connection ...] [--host
/// 127.0.0.1] [--port 5170]`: a read-only web view of the journal's sweeps that updates while they run (here, in
/// another process or on a cluster sharing the PostgreSQL journal). Runs until Ctrl+C.
/// </summary>
internal static class DashboardCommand
{
    public const int DefaultPort = 5170;

    public static Command Create()
    {
        var location = new JournalLocation();
        var host = new Option<string>("--host") { Description = "Address to listen on (loopback by default)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port)", DefaultValueFactory = _ => DefaultPort };
        var command = new Command("dashboard", "A live web view of the journal's sweeps, runs, results and figures (read-only)");
        location.AddTo(command);
        command.Options.Add(host);
        command.Options.Add(port);
        command.SetAction(async (parse, cancel) =>
        {
            var app = DashboardServer.Build(location.Settings(parse), parse.GetValue(host)!, parse.GetValue(port));
            await app.StartAsync(cancel);
            Console.WriteLine($"dashboard at {DashboardServer.Address(app)}/ (Ctrl+C to stop)");
            try
            {
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop serving.
            }
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            return 0;
        });
        return command;
    }
}
