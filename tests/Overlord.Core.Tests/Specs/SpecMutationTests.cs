using System.Text;
using Overlord.Core.Specs;

namespace Overlord.Core.Tests.Specs;

/// <summary>
/// Thousands of seeded random mutations of valid specs: every one must end as a valid spec or as clear errors with
/// positions, never as an exception.
/// </summary>
public sealed class SpecMutationTests
{
    private static readonly string[] Seeds =
    [
        """
        kind: directorProject
        datacenters:
          main:
            entrypoint: http://127.0.0.1:8888
            access_token: token
            timeout: 5
        deployIn:
          entrypoints: [main.alpha]
          labels: [web, db]
          exclude: [edge]
        maximumDeployments: 2
        projectName: web
        projectFile: director.yml
        environment:
          A: "1"
        labelsEnvironment:
          web: {B: "2"}
        chainsEnvironment:
          <root>: {C: "3"}
        autoScale:
          replicas: {min: 1, max: 3}
          type: percent-jail
          value: 50
          rules: {memoryuse: 512m, pcpu: 80}
          load-balancer:
            backend:
              name: web
              rules:
                and:
                  qtime: {value: [1, 5], each: 2}
        reserve_port:
          jext: 10.0.0.0/8
        """,
        """
        kind: metadata
        datacenters: {main: {entrypoint: 'http://127.0.0.1:8888'}}
        deployIn: {labels: [all]}
        metadataPrefix: app
        metadata:
          a: x
          b.c: "y"
        namespace:
          name: files
          mapping:
            - file: 'a:etc/a.conf'
              mode: 0644
            - directory: var/db
              owner: 80
        """,
        """
        kind: appConfig
        datacenters: {main: ~}
        deployIn: {entrypoints: [main]}
        appName: blog
        appFrom: apps.blog
        appConfig: {x: y}
        """,
    ];

    private static readonly string[] Tokens =
        ["~", "yes", "-1", "[]", "{}", "0x", "99999999999999999999999", "'q'", "\"", "&a", "*a", "!ENV ${X}", "<<: *a", ": ", "- ", "\t", "\0", "é", "#", "|", ">", "%YAML 1.1", "---", "...", "[[[[", "}}}", "${", "\r\n", "@", "`"];

    [Fact]
    public void RandomMutationsNeverThrow()
    {
        var random = new Random(20261127);
        var outcomes = new int[2];
        for (var i = 0; i < 6000; i++)
        {
            var text = Mutate(Seeds[i % Seeds.Length], random, 1 + random.Next(4));
            SpecLoadResult result;
            try
            {
                result = SpecLoader.Parse(text, "m.yml", new SpecLoaderOptions { Environment = _ => null, ReadFile = _ => throw new FileNotFoundException() });
            }
            catch (Exception e)
            {
                Assert.Fail($"mutation {i} threw {e.GetType().Name}: {e.Message}\n---\n{text}");
                return;
            }
            Assert.Equal(result.Errors.Count == 0, result.IsValid);
            Assert.Equal(result.IsValid, result.Spec is not null);
            foreach (var error in result.Errors)
            {
                Assert.True(error.Line >= 1 && error.Column >= 1, $"mutation {i}: bad position in {error}");
                Assert.False(string.IsNullOrWhiteSpace(error.Message), $"mutation {i}: empty message");
            }
            outcomes[result.IsValid ? 0 : 1]++;
        }
        // Both outcomes occur, so the mutations neither all break nor all miss the validator.
        Assert.True(outcomes[0] > 100 && outcomes[1] > 100, $"valid {outcomes[0]}, invalid {outcomes[1]}");
    }

    private static string Mutate(string text, Random random, int count)
    {
        var s = new StringBuilder(text);
        for (var n = 0; n < count && s.Length > 0; n++)
        {
            var at = random.Next(s.Length);
            switch (random.Next(7))
            {
                case 0:
                    s.Remove(at, Math.Min(1 + random.Next(3), s.Length - at));
                    break;
                case 1:
                    s.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
                case 2:
                    s.Insert(at, (char)random.Next(32, 127));
                    break;
                case 3:
                {
                    var lines = s.ToString().Split('\n').ToList();
                    var i = random.Next(lines.Count);
                    lines.Insert(i, lines[random.Next(lines.Count)]);
                    s = new StringBuilder(string.Join('\n', lines));
                    break;
                }
                case 4:
                {
                    var lines = s.ToString().Split('\n');
                    var (i, j) = (random.Next(lines.Length), random.Next(lines.Length));
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    s = new StringBuilder(string.Join('\n', lines));
                    break;
                }
                case 5:
                {
                    // Replace a value after a colon with a token of another type.
                    var colon = s.ToString().IndexOf(": ", at, StringComparison.Ordinal);
                    if (colon >= 0)
                    {
                        var end = s.ToString().IndexOf('\n', colon);
                        end = end < 0 ? s.Length : end;
                        s.Remove(colon + 2, end - colon - 2).Insert(colon + 2, Tokens[random.Next(Tokens.Length)]);
                    }
                    break;
                }
                default:
                    s.Length = at;
                    break;
            }
        }
        return s.ToString();
    }
}
