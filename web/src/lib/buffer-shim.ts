/**
 * The search language's parser (src/hunt) measures a query with `Buffer.byteLength`, which the
 * browser does not have: this gives it the one function it uses, in UTF-8 bytes as on the server.
 */
const g = globalThis as { Buffer?: unknown };
if (g.Buffer === undefined) {
  const encoder = new TextEncoder();
  g.Buffer = { byteLength: (text: string) => encoder.encode(text).length };
}

export {};
