// The AsyncAPI document as one static HTML page (no script, no external assets): each event's exchange, routing key,
// AMQP properties and headers, and its fields with their rules. Served at /docs/events; `npm run docs` writes it.
import { asyncApiDocument, PublishedEvents } from './asyncapi';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

/** A producer's catalogue: the document and its page. */
export function eventCatalogue(title: string, producers: PublishedEvents[]): { asyncApi: Schema; html: string } {
  const asyncApi = asyncApiDocument({ title, producers });
  return { asyncApi, html: asyncApiPage(asyncApi) };
}

const escape = (text: unknown) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `string, uuid`, `string ≤ 200`, `number 0 … 999999999999.99`, `null`, a referenced class's name, … */
function describeType(schema: Schema): string {
  if (schema.$ref) return `<a href="#schema-${escape(schema.$ref.split('/').pop())}">${escape(schema.$ref.split('/').pop())}</a>`;
  if (schema.anyOf) return schema.anyOf.map(describeType).join(' or ');
  if (schema.oneOf) return schema.oneOf.map(describeType).join(' or ');
  const parts = [schema.type === 'array' ? `array of ${schema.items ? describeType(schema.items) : 'anything'}` : schema.type ?? 'any'];
  if (schema.format) parts.push(schema.format);
  if (schema.enum) parts.push(`one of ${schema.enum.map((v: unknown) => `<code>${escape(v)}</code>`).join(', ')}`);
  if (schema.const !== undefined) parts.push(`<code>${escape(schema.const)}</code>`);
  if (schema.minLength !== undefined) parts.push(`≥ ${schema.minLength} chars`);
  if (schema.maxLength !== undefined) parts.push(`≤ ${schema.maxLength} chars`);
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`${schema.minimum ?? ''} … ${schema.maximum ?? ''}`);
  if (schema.multipleOf !== undefined) parts.push(`multiple of ${schema.multipleOf}`);
  if (schema.maxItems !== undefined) parts.push(`≤ ${schema.maxItems} items`);
  if (schema.pattern) parts.push(`matching <code>${escape(schema.pattern)}</code>`);
  if (schema.description) parts.push(escape(schema.description));
  return parts.filter(Boolean).map((part, i) => (i === 0 ? escape(part) : part)).join(', ');
}

function fieldsTable(schema: Schema): string {
  const required = new Set<string>(schema.required ?? []);
  const rows = Object.entries<Schema>(schema.properties ?? {}).map(
    ([name, property]) =>
      `<tr><td><code>${escape(name)}</code></td><td>${required.has(name) ? 'yes' : 'no'}</td><td>${describeType(property)}</td></tr>`,
  );
  return `<table><thead><tr><th>field</th><th>required</th><th>type and rules</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function asyncApiPage(document: Schema): string {
  const { info, channels, components } = document;
  const events = Object.values<Schema>(channels).map((channel) => {
    const name = Object.keys(channel.messages)[0];
    const message = components.messages[name];
    const exchange = channel.bindings.amqp.exchange.name;
    return `
    <section id="${escape(name)}">
      <h2>${escape(message.title)}</h2>
      <p>${escape(message.summary)}</p>
      <dl>
        <dt>exchange</dt><dd><code>${escape(exchange)}</code> (topic, durable)</dd>
        <dt>routing key</dt><dd><code>${escape(channel.address)}</code></dd>
        <dt>correlation id</dt><dd>${escape(message.correlationId.description)} (<code>${escape(message.correlationId.location)}</code>)</dd>
        <dt>message id</dt><dd>${escape(message['x-message-id'].description)} (<code>${escape(message['x-message-id'].location)}</code>)</dd>
      </dl>
      <p>${escape(message.description)}</p>
      <h3>Headers</h3>
      ${fieldsTable(message.headers)}
      <h3>Payload</h3>
      ${fieldsTable(components.schemas[name])}
    </section>`;
  });
  const nested = Object.entries<Schema>(components.schemas)
    .filter(([name]) => !components.messages[name])
    .map(([name, schema]) => `<section id="schema-${escape(name)}"><h2>${escape(name)}</h2>${fieldsTable(schema)}</section>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
  code { font: 13px ui-monospace, monospace; background: #f3f3f3; padding: 0 .2em; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
  th, td { text-align: left; border-bottom: 1px solid #ddd; padding: .3rem .5rem; vertical-align: top; }
  dt { font-weight: 600; float: left; width: 9rem; } dd { margin-left: 9rem; }
  section { border-top: 2px solid #ccc; margin-top: 2rem; }
</style>
</head>
<body>
<h1>${escape(info.title)}</h1>
<p>${escape(info.description)} AsyncAPI ${escape(document.asyncapi)} document: <a href="asyncapi.json">asyncapi.json</a>.</p>
<nav><ul>${Object.values<Schema>(channels)
    .map((channel) => Object.keys(channel.messages)[0])
    .map((name) => `<li><a href="#${escape(name)}">${escape(components.messages[name].title)}</a></li>`)
    .join('')}</ul></nav>
${events.join('\n')}
${nested.join('\n')}
</body>
</html>
`;
}
