// The machine's limit for the ingestion benchmark: a bare node:http server that reads the whole body and answers
// 204. Started in its own process; prints {"port": n} once listening.
import http from 'node:http';

const server = http.createServer((req, res) => {
  let bytes = 0;
  req.on('data', (chunk) => {
    bytes += chunk.length;
  });
  req.on('end', () => {
    res.statusCode = bytes > 0 ? 204 : 400;
    res.end();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
