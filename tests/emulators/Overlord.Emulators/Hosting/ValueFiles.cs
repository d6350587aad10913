using System.Text;

namespace Overlord.Emulators.Hosting;

/// <summary>Small file helpers for the one-value-per-file layouts of AppJail and Director.</summary>
internal static class ValueFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="content"/> exactly, creating parent directories.</summary>
    public static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, Utf8);
    }

    /// <summary>A <c>conf/boot/...</c> file: value + newline.</summary>
    public static void WriteLine(string path, string value) => Write(path, value + "\n");

    /// <summary>Deletes a file; a missing file or directory is fine (File.Delete throws for a missing directory).</summary>
    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Content or null when missing.</summary>
    public static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path, Utf8);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>First line of a file without its newline, or null.</summary>
    public static string? FirstLine(string path)
    {
        var s = Read(path);
        if (s is null)
        {
            return null;
        }
        var nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl];
    }

    /// <summary>Next free numeric id in a namespace directory (AppJail numbers entries 0, 1, 2 …).</summary>
    public static int NextId(string namespaceDir)
    {
        if (!Directory.Exists(namespaceDir))
        {
            return 0;
        }
        var max = -1;
        foreach (var d in Directory.EnumerateDirectories(namespaceDir))
        {
            if (int.TryParse(Path.GetFileName(d), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var n) && n > max)
            {
                max = n;
            }
        }
        return max + 1;
    }

    /// <summary>Sorted numeric ids of a namespace directory.</summary>
    public static IEnumerable<int> Ids(string namespaceDir)
    {
        if (!Directory.Exists(namespaceDir))
        {
            return [];
        }
        var ids = new List<int>();
        foreach (var d in Directory.EnumerateDirectories(namespaceDir))
        {
            if (int.TryParse(Path.GetFileName(d), System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                ids.Add(n);
            }
        }
        ids.Sort();
        return ids;
    }
}
