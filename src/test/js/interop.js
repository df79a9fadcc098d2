// Runs Confluent's own JavaScript Schema Registry client and Avro serde against a live registry and broker:
// exercises the registry API, produces the records of records.json (JavaScript -> Java), and reads what the
// Java serde wrote (Java -> JavaScript). Prints one JSON report on stdout for the Java test to check.
// Usage: node interop.js BOOTSTRAP REGISTRY_URL TOPIC_FROM_JS TOPIC_FROM_JAVA EXPECTED_FROM_JAVA
'use strict';
const fs = require('fs');
const path = require('path');
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistryClient, AvroSerializer, AvroDeserializer, SerdeType } = require('@confluentinc/schemaregistry');

const [bootstrap, registryUrl, topicFromJs, topicFromJava, expectedText] = process.argv.slice(2);
const expected = Number(expectedText);

async function main() {
  const schemaText = fs.readFileSync(path.join(__dirname, '../../../schemas/ExecutionEvent.avsc'), 'utf8');
  const schema = JSON.parse(schemaText);
  const records = JSON.parse(fs.readFileSync(path.join(__dirname, 'records.json'), 'utf8'));
  const client = new SchemaRegistryClient({ baseURLs: [registryUrl] });
  const subject = topicFromJs + '-value';
  const report = {};

  // The registry API, as Confluent's client calls it.
  report.registeredId = await client.register(subject, { schemaType: 'AVRO', schema: schemaText });
  report.lookupId = await client.getId(subject, { schemaType: 'AVRO', schema: schemaText });
  const latest = await client.getLatestSchemaMetadata(subject);
  report.latestVersion = latest.version;
  report.latestId = latest.id;
  const byId = await client.getBySubjectAndId(subject, report.registeredId);
  report.byIdName = JSON.parse(byId.schema).name;
  report.versions = await client.getAllVersions(subject);
  report.subjects = await client.getAllSubjects();
  report.defaultCompatibility = await client.getDefaultCompatibility();

  const evolved = JSON.parse(schemaText);
  evolved.fields.push({ name: 'region', type: ['null', 'string'], default: null, doc: 'added later' });
  report.evolvedCompatible = await client.testSubjectCompatibility(subject, { schemaType: 'AVRO', schema: JSON.stringify(evolved) });
  const broken = JSON.parse(schemaText);
  broken.fields.push({ name: 'mandatory', type: 'string', doc: 'no default: breaks old data' });
  report.brokenCompatible = await client.testSubjectCompatibility(subject, { schemaType: 'AVRO', schema: JSON.stringify(broken) });
  try {
    await client.register(subject, { schemaType: 'AVRO', schema: JSON.stringify(broken) });
    report.brokenRegistered = true;
  } catch (e) {
    report.brokenRegistered = false;
    report.brokenStatus = e.status;
    report.brokenErrorCode = e.errorCode;
  }
  try {
    await client.getBySubjectAndId(subject, 987654);
  } catch (e) {
    report.unknownIdStatus = e.status;
    report.unknownIdErrorCode = e.errorCode;
  }

  // JavaScript -> Java: serialize with Confluent's serializer and produce.
  const kafka = new Kafka({ clientId: 'confluent-js-interop', brokers: [bootstrap], logLevel: logLevel.ERROR });
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
  const producer = kafka.producer();
  await producer.connect();
  const messages = [];
  for (const record of records) {
    messages.push({ key: record.pipelineId, value: await serializer.serialize(topicFromJs, record) });
  }
  await producer.send({ topic: topicFromJs, messages });
  await producer.disconnect();
  report.produced = messages.length;

  // Java -> JavaScript: consume and deserialize what the Java serde wrote.
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  const consumer = kafka.consumer({ groupId: 'confluent-js-interop-' + Date.now() });
  await consumer.connect();
  await consumer.subscribe({ topic: topicFromJava, fromBeginning: true });
  report.consumed = [];
  let done;
  const finished = new Promise((resolve) => { done = resolve; });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const value = await deserializer.deserialize(topicFromJava, message.value);
      report.consumed.push({ key: message.key.toString(), value });
      if (report.consumed.length >= expected) done();
    },
  });
  const timeout = setTimeout(() => done(), 60000);
  await finished;
  clearTimeout(timeout);
  await consumer.disconnect();
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((e) => { console.error(e && e.stack ? e.stack : e); process.exit(1); });
