using System.Text;

namespace Overlord.Emulators.Cli;

/// <summary>POSIX-shell-like word splitting (blanks, single and double quotes, backslash), as AppJail applies to quick options.</summary>
internal static class ShellWords
{
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var cur = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'' )
            {
                inWord = true;
                var end = text.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    end = text.Length;
                }
                cur.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                inWord = true;
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                    }
                    cur.Append(text[i]);
                }
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                inWord = true;
                cur.Append(text[++i]);
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(cur.ToString());
                    cur.Clear();
                    inWord = false;
                }
            }
            else
            {
                inWord = true;
                cur.Append(c);
            }
        }
        if (inWord)
        {
            words.Add(cur.ToString());
        }
        return words;
    }

    /// <summary>Quotes a word for /bin/sh (single quotes).</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
