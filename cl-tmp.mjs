import cluster from 'node:cluster';
const n = Number(process.argv[2] ?? 2);
if (cluster.isPrimary) {
  for (let i = 0; i < n; i++) cluster.fork();
} else {
  const { startServer } = await import('/tmp/prof/listen-entry.mjs');
}
