using System.Buffers;
using System.Reflection;
using System.Text.Json;

namespace Orders.Nats.Internal;

/// <summary>Builds the CONNECT JSON: no +OK acks, headers and no-responders on, credentials from options or URL.</summary>
internal static class ConnectCommand
{
    private static readonly string ClientVersion =
        typeof(ConnectCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    public static byte[] Build(NatsOpts opts, ServerAddress address)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("verbose", false);
            json.WriteBoolean("pedantic", false);
            json.WriteBoolean("tls_required", false);
            json.WriteString("name", opts.Name);
            json.WriteString("lang", ".NET");
            json.WriteString("version", ClientVersion);
            json.WriteNumber("protocol", 1);
            json.WriteBoolean("echo", opts.Echo);
            json.WriteBoolean("headers", true);
            json.WriteBoolean("no_responders", true);

            var user = opts.Username ?? address.User;
            var password = opts.Password ?? address.Password;
            var token = opts.Token ?? address.Token;
            if (user is not null)
            {
                json.WriteString("user", user);
                json.WriteString("pass", password ?? "");
            }
            else if (token is not null)
            {
                json.WriteString("auth_token", token);
            }

            json.WriteEndObject();
        }

        var command = new ArrayBufferWriter<byte>(buffer.WrittenCount + 16);
        ProtocolWriter.WriteConnect(command, buffer.WrittenSpan);
        ProtocolWriter.WritePing(command);
        return command.WrittenSpan.ToArray();
    }
}
