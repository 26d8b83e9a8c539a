using System.Text;
using Xunit.Abstractions;

namespace Orders.Chaos.Tests;

/// <summary>A <see cref="TextWriter"/> that hands complete lines to the test output (the chaos run writes to a TextWriter).</summary>
internal sealed class TestOutputWriter(ITestOutputHelper output) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                output.WriteLine(_line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            output.WriteLine(_line.Append(value).ToString());
            _line.Clear();
        }
    }
}
