using System.CommandLine;

namespace Orders.Drivers;

/// <summary>Range and format rules on driver options, reported by the parser as one plain error line.</summary>
internal static class OptionValidation
{
    /// <summary>Adds a validator that reports <paramref name="error"/> when a parsed value breaks <paramref name="isValid"/>.</summary>
    public static void Require<T>(this Option<T> option, Func<T, bool> isValid, Func<T, string> error) =>
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return; // not convertible: the parser reports that error itself
            }

            if (!isValid(value))
            {
                result.AddError(error(value));
            }
        });
}
