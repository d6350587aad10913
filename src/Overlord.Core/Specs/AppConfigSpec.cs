namespace Overlord.Core.Specs;

/// <summary>
/// <c>kind: appConfig</c>: renders the template stored in metadata <see cref="AppFrom"/> with
/// <see cref="AppConfig"/> (plus <c>appName</c>) and deploys the resulting directorProject or vmJail spec.
/// </summary>
public sealed record AppConfigSpec : Spec
{
    /// <summary>Creates the spec from the shared keys.</summary>
    public AppConfigSpec(SpecCommon common) : base(common) { }

    /// <inheritdoc />
    public override string Kind => SpecKinds.AppConfig;

    /// <summary>The application's name, available to the template as <c>appName</c>.</summary>
    public required string AppName { get; init; }

    /// <summary>The metadata key holding the template.</summary>
    public required string AppFrom { get; init; }

    /// <summary>Template variables.</summary>
    public IReadOnlyDictionary<string, string> AppConfig { get; init; } = new Dictionary<string, string>();
}

internal static class AppConfigReader
{
    public static AppConfigSpec? Read(Validation.MapReader root, SpecCommon common, SpecContext context)
    {
        var appName = root.String("appName", required: true);
        var appFrom = root.String("appFrom", Names.Metadata(), Names.MetadataRule, required: true);
        var appConfig = root.StringMap("appConfig");
        return appName is null || appFrom is null
            ? null
            : new AppConfigSpec(common) { AppName = appName, AppFrom = appFrom, AppConfig = appConfig ?? [] };
    }
}
