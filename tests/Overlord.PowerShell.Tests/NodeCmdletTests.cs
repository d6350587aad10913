using System.Management.Automation;
using System.Net;
using System.Security;
using Overlord.Core.Api;
using Overlord.Core.Client;
using Overlord.PowerShell.Cmdlets;
using Overlord.PowerShell.Completers;

namespace Overlord.PowerShell.Tests;

/// <summary>Binding, validation and error mapping of the node cmdlets; nothing here needs a running node.</summary>
/// <remarks>No test here connects: the connection is process-wide and other tests expect none.</remarks>
public sealed class NodeCmdletTests : IDisposable
{
    private readonly OverlordSession _session = new();

    public void Dispose() => _session.Dispose();

    [Theory]
    [InlineData("Get-OverlordLabel", "GetOverlordLabelCommand")]
    [InlineData("Get-OverlordChain", "GetOverlordChainCommand")]
    [InlineData("Get-OverlordChain -Tree", "GetOverlordChainCommand")]
    [InlineData("Get-OverlordJail", "GetOverlordJailCommand")]
    [InlineData("Get-OverlordStats", "GetOverlordStatsCommand")]
    [InlineData("Get-OverlordProject", "GetOverlordProjectCommand")]
    [InlineData("Get-OverlordJailLog", "GetOverlordJailLogCommand")]
    [InlineData("Get-OverlordProjectLog -Date d -Service s -Log l", "GetOverlordProjectLogCommand")]
    [InlineData("Get-OverlordNamespace -Name n", "GetOverlordNamespaceCommand")]
    [InlineData("Get-OverlordMetadata", "GetOverlordMetadataCommand")]
    [InlineData("Set-OverlordMetadata -Key k -Value v", "SetOverlordMetadataCommand")]
    [InlineData("Remove-OverlordMetadata -Key k -Confirm:$false", "RemoveOverlordMetadataCommand")]
    [InlineData("Get-OverlordLabel -Uri http://127.0.0.1:9", "GetOverlordLabelCommand")]
    public void WithoutANodeEveryNodeCmdletStopsWithNotConnected(string command, string type)
    {
        var run = _session.Run($"Disconnect-OverlordNode; try {{ {command} }} catch {{ $_ }}");

        Assert.Empty(run.Errors);
        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.Equal($"{ErrorIds.NotConnected},Overlord.PowerShell.Cmdlets.{type}", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
    }

    [Fact]
    public void AnUnreachableNodeIsANonTerminatingConnectionError()
    {
        var run = _session.Run("Get-OverlordLabel -Uri http://127.0.0.1:1 -Token t; 'after'");

        Assert.Equal("after", Assert.Single(run.Output).BaseObject);
        var error = Assert.Single(run.Errors);
        Assert.Equal($"{ErrorIds.NodeUnreachable},Overlord.PowerShell.Cmdlets.GetOverlordLabelCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
    }

    [Fact]
    public void ConnectToAnUnreachableNodeIsTerminatingAndConnectsNothing()
    {
        var run = _session.Run("try { Connect-OverlordNode -Uri http://127.0.0.1:1 -Token t } catch { $_ }; try { Get-OverlordLabel } catch { $_ }");

        var errors = run.Objects<ErrorRecord>();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"{ErrorIds.NodeUnreachable},", errors[0].FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.StartsWith($"{ErrorIds.NotConnected},", errors[1].FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void SetMetadataWithWhatIfCallsNothing()
    {
        var run = _session.Run("Set-OverlordMetadata -Uri http://127.0.0.1:1 -Token t -Key k -Value v -WhatIf -PassThru");

        Assert.Empty(run.Errors);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void TreeAndStatsAreExclusive()
    {
        var run = _session.Run("try { Get-OverlordChain -Tree -Stats -Uri http://127.0.0.1:1 -Token t } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.StartsWith("AmbiguousParameterSet,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void JailItemIsValidatedBeforeAnyCall()
    {
        var run = _session.Run("try { Get-OverlordJail -Uri http://127.0.0.1:1 -Token t -Item bogus } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.StartsWith("ParameterArgumentValidationError,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectNeedsAnHttpAddress()
    {
        var run = _session.Run("try { Connect-OverlordNode -Uri ftp://host -Token t } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(run.Output).BaseObject);
        Assert.StartsWith("InvalidNodeUri,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenIsAStringOrASecureString()
    {
        using var secure = new SecureString();
        foreach (var c in "s3cret")
        {
            secure.AppendChar(c);
        }
        Assert.Equal("s3cret", NodeCmdlet.TokenText("s3cret"));
        Assert.Equal("s3cret", NodeCmdlet.TokenText(new PSObject(secure)));
        Assert.Throws<PSArgumentException>(() => NodeCmdlet.TokenText(42));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, ErrorCategory.PermissionDenied)]
    [InlineData(HttpStatusCode.Forbidden, ErrorCategory.SecurityError)]
    [InlineData(HttpStatusCode.NotFound, ErrorCategory.ObjectNotFound)]
    [InlineData(HttpStatusCode.BadGateway, ErrorCategory.InvalidResult)]
    public void ARefusalKeepsTheNodesMessageAndMapsItsStatus(HttpStatusCode status, ErrorCategory category)
    {
        var e = new OverlordApiException("Invalid token.", new Uri("http://n:8888/v1/labels"), status, null);

        var error = NodeCmdlet.ToErrorRecord(e, "target");

        Assert.Equal(ErrorIds.NodeRefused, error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal("target", error.TargetObject);
        Assert.Contains("Invalid token.", error.ErrorDetails.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTreeIsFlattenedDepthFirstWithFullChainPaths()
    {
        var address = new Uri("http://n:8888");
        IReadOnlyList<ChainTreeNode> tree =
        [
            new("alpha", ["a"], [new ChainTreeNode("charlie", ["c"], [], null)], null),
            new("bravo", null, null, new ChainTreeError(503, "ConnectError", "refused")),
        ];

        var entries = GetOverlordChainCommand.Flatten(address, "root", "", 1, tree).ToList();

        Assert.Equal(["alpha", "alpha.charlie", "bravo"], entries.Select(e => e.Path));
        Assert.Equal(["root.alpha", "root.alpha.charlie", "root.bravo"], entries.Select(e => e.Chain));
        Assert.Equal([1, 2, 1], entries.Select(e => e.Depth));
        Assert.Null(entries[0].Error);
        Assert.Equal("503 ConnectError: refused", entries[2].Error);
        Assert.Empty(entries[2].Labels);
    }

    [Fact]
    public void CompletersAreSilentWithoutAConnection()
    {
        _session.Run("Disconnect-OverlordNode");

        Assert.Empty(new ChainCompleter().CompleteArgument("Get-OverlordLabel", "Chain", "", null!, new System.Collections.Hashtable()));
        Assert.Empty(new JailNameCompleter().CompleteArgument("Get-OverlordJail", "Name", "", null!, new System.Collections.Hashtable()));
        Assert.Empty(new LabelCompleter().CompleteArgument("Get-OverlordChain", "Label", "", null!, new System.Collections.Hashtable()));
    }
}
