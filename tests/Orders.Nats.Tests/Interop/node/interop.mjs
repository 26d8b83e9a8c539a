// Interop peer for JetStreamInteropTests, using the official NATS JavaScript client.
// Reads a scenario (JSON file named by argv[2]), then:
//   1. consumes `expectCount` messages the .NET client published on `fromDotnetSubject`
//      (pull consumer, explicit double acks) and reports them exactly as received;
//   2. publishes the `toDotnet` messages with their headers and Nats-Msg-Id.
// Prints one JSON object on stdout: { received: [...], published: [...] }.
import { readFileSync } from "node:fs";
import { connect, headers } from "@nats-io/transport-node";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";

const scenario = JSON.parse(readFileSync(process.argv[2], "utf8"));
const nc = await connect({ servers: scenario.url, name: "interop-node" });
try {
  const jsm = await jetstreamManager(nc);
  await jsm.consumers.add(scenario.stream, {
    durable_name: "node-reader",
    ack_policy: AckPolicy.Explicit,
    filter_subject: scenario.fromDotnetSubject,
  });

  const js = jetstream(nc);
  const consumer = await js.consumers.get(scenario.stream, "node-reader");
  const received = [];
  while (received.length < scenario.expectCount) {
    const batch = await consumer.fetch({ max_messages: scenario.expectCount - received.length, expires: 5000 });
    let got = 0;
    for await (const m of batch) {
      got++;
      const hdrs = m.headers ? m.headers.keys().map((k) => [k, m.headers.values(k)]) : [];
      received.push({ subject: m.subject, data: Buffer.from(m.data).toString("base64"), headers: hdrs });
      await m.ackAck();
    }
    if (got === 0) throw new Error(`only ${received.length} of ${scenario.expectCount} messages arrived`);
  }

  const published = [];
  for (const msg of scenario.toDotnet) {
    const h = headers();
    for (const [k, v] of msg.headers) h.append(k, v);
    const ack = await js.publish(msg.subject, Buffer.from(msg.data, "base64"), { headers: h, msgID: msg.msgId });
    published.push({ stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate });
  }

  process.stdout.write(JSON.stringify({ received, published }));
} finally {
  await nc.close();
}
