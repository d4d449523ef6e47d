// Reads the text/event-stream format (the part the coordinator's stream uses: event, data, comments) from chunks as
// they arrive over fetch. EventSource would parse it for us, but it cannot send the Authorization header.

export interface ServerSentEvent {
  event: string;
  data: string;
}

export class ServerSentEventParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  /** Comment lines seen (the stream's heartbeats). */
  comments = 0;

  /** The events completed by this chunk; a partial line waits for the next one. */
  push(chunk: string): ServerSentEvent[] {
    this.buffer += chunk;
    const events: ServerSentEvent[] = [];
    let end: number;
    while ((end = this.buffer.search(/\r\n|\r|\n/)) !== -1) {
      // A lone \r at the end of the buffer may be the first half of \r\n.
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') {
      const complete = this.data.length > 0 ? { event: this.event || 'message', data: this.data.join('\n') } : undefined;
      this.event = '';
      this.data = [];
      return complete;
    }
    if (line.startsWith(':')) {
      this.comments++;
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    // id and retry: not used by the dashboard (it re-reads everything on reconnection).
    return undefined;
  }
}
