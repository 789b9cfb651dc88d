namespace GitActors.Models.Metrics;

/// <summary>
/// Per-class invariance of a classifier under one nuisance model: mean KL(P(.|x) || P(.|x')) over held-out x of the
/// class and x' ~ T(.|x), and the fraction of those pairs whose argmax agrees. NaN for classes with no held-out image.
/// </summary>
public sealed record EkldResult(double[] PerClassEkld, double[] PerClassArgmaxAgreement, int[] ImagesUsed, int TransformsPerImage);
