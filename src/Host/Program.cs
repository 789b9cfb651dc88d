using System.CommandLine;
using GitActors.Host.Commands;
using GitActors.Models.Torch;

// Before any tensor exists: libtorch then reuses freed step buffers instead of page-faulting fresh ones.
NativeHeapTuning.Apply();

var root = new RootCommand("GitActors: actor-model experiment engine for long-tailed classification and Generative Invariance Transfer");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
return await CommandErrors.InvokeAsync(root, args);
