import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { csvLine, sendCsv } from './csv';

describe('a line of the audit export', () => {
  it('quotes what would break a cell, and keeps what a spreadsheet would run as a formula as text', () => {
    expect(csvLine(['plain', 'a, b', 'said "no"', 'two\nlines'])).toBe('plain,"a, b","said ""no""","two\nlines"\r\n');
    expect(csvLine(['+1312•••4122', '=HYPERLINK("x")', '-1', '@cmd'])).toBe(`'+1312•••4122,"'=HYPERLINK(""x"")",'-1,'@cmd\r\n`);
  });
});

describe('a CSV download', () => {
  /** Serves `rows` as a download on 127.0.0.1 and fetches it as the admin's browser does. */
  async function download(rows: () => AsyncIterable<readonly string[]>) {
    const cutOff: Array<Error | undefined> = [];
    const server = createServer((_request, res) => {
      sendCsv(res, { fileName: 'audit.csv', head: ['when', 'number'], rows: rows() }).then(
        (cut) => cutOff.push(cut),
        (error: Error) => {
          // Not chained: restify, loaded by other files in the same worker, makes writeHead return nothing.
          res.writeHead(503);
          res.end(error.message);
        },
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      // Read as bytes: text() would drop the byte-order mark this checks.
      const body = await answer.arrayBuffer().then(
        (bytes) => ({ text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) }),
        (error: Error) => ({ failed: error.message }),
      );
      return { status: answer.status, disposition: answer.headers.get('content-disposition'), body, cutOff };
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }

  it('is the heading and every row, after the mark Excel needs to read UTF-8', async () => {
    const got = await download(async function* () {
      yield ['2026-12-07', '+1312•••4122'];
      yield ['2026-12-08', '+1415•••0133'];
    });
    expect(got).toEqual({
      status: 200,
      disposition: 'attachment; filename="audit.csv"',
      body: { text: "\uFEFFwhen,number\r\n2026-12-07,'+1312•••4122\r\n2026-12-08,'+1415•••0133\r\n" },
      cutOff: [undefined],
    });
  });

  it('fails as a download when its rows fail part-way, never ending as a shorter file that looks whole', async () => {
    const got = await download(async function* () {
      yield ['2026-12-07', '+1312•••4122'];
      throw new Error('storage went away');
    });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ failed: 'terminated' });
    expect(got.cutOff.map((error) => error?.message)).toEqual(['storage went away']);
  });

  it('is an ordinary error answer when no row can be read at all: nothing was sent yet', async () => {
    const got = await download(() => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('storage is down')) }),
    }));
    expect(got).toMatchObject({ status: 503, body: { text: 'storage is down' } });
  });
});
