namespace Overlord.Core.Specs;

/// <summary>
/// <c>kind: readOnly</c>: datacenters and placement only, for reading information. Like upstream, other keys are
/// allowed and ignored, so any spec can be turned into a read-only one by changing its kind.
/// </summary>
public sealed record ReadOnlySpec : Spec
{
    /// <summary>Creates the spec from the shared keys.</summary>
    public ReadOnlySpec(SpecCommon common) : base(common) { }

    /// <inheritdoc />
    public override string Kind => SpecKinds.ReadOnly;
}
