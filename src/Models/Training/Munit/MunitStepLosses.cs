namespace GitActors.Models.Training.Munit;

/// <summary>
/// What one MUNIT iteration reports, named after trainer.py's loss attributes. Unweighted terms; the totals are weighted.
/// Cycle terms are 0 when their weight is 0 (they are not computed then).
/// </summary>
public sealed record MunitStepLosses(
    long Iteration,
    double Lr,
    double DisTotal,
    double DisA,
    double DisB,
    double GenTotal,
    double GenAdvA,
    double GenAdvB,
    double ReconXA,
    double ReconXB,
    double ReconSA,
    double ReconSB,
    double ReconCA,
    double ReconCB,
    double CycReconXA,
    double CycReconXB)
{
    public bool AllFinite() =>
        new[] { DisTotal, DisA, DisB, GenTotal, GenAdvA, GenAdvB, ReconXA, ReconXB, ReconSA, ReconSB, ReconCA, ReconCB, CycReconXA, CycReconXB }
            .All(double.IsFinite);
}
