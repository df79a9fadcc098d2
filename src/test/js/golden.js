// Writes the golden bytes: known ExecutionEvent records serialized by Confluent's own JavaScript Avro
// serializer (with its in-memory mock registry, where the first schema registered gets id 1).
// Usage: node golden.js > ../resources/golden/execution-events.json
'use strict';
const fs = require('fs');
const path = require('path');
const { MockClient, AvroSerializer, SerdeType } = require('@confluentinc/schemaregistry');

async function main() {
  const schema = fs.readFileSync(path.join(__dirname, '../../../schemas/ExecutionEvent.avsc'), 'utf8');
  const records = JSON.parse(fs.readFileSync(path.join(__dirname, 'records.json'), 'utf8'));
  const client = new MockClient({ baseURLs: ['mock://golden'] });
  const topic = 'mlmd.execution-events';
  const id = await client.register(topic + '-value', { schemaType: 'AVRO', schema });
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
  const golden = [];
  for (const record of records) {
    const bytes = await serializer.serialize(topic, record);
    golden.push({ eventId: record.eventId, hex: bytes.toString('hex') });
  }
  process.stdout.write(JSON.stringify({ producer: '@confluentinc/schemaregistry AvroSerializer', topic, schemaId: id, records: golden }, null, 2) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
