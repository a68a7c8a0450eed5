/** The import worker: parses the ERP export and validates its rows off the page's main thread (see reader.ts); it holds the rows between the two steps. */
import { createFileHolder, type ReaderReply, type ReaderRequest } from './file-holder';

const holder = createFileHolder();
const reply = (message: ReaderReply) => self.postMessage(message);

self.onmessage = async (e: MessageEvent<ReaderRequest>) => {
  const request = e.data;
  try {
    if (request.kind === 'parse') reply({ id: request.id, kind: 'parsed', result: await holder.parse(request.bytes, request.fileName) });
    else reply({ id: request.id, kind: 'validated', validation: await holder.validate(request.mapping) });
  } catch (err) {
    reply({ id: request.id, kind: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
};
