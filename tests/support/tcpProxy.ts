import net from 'node:net';

/**
 * A TCP proxy on loopback in front of PostgreSQL, to play a network that stops answering.
 * `mode`:
 * - `forward`: a working network;
 * - `silent`: accepts the connection and never answers (a host that drops packets);
 * - `stall-after-connect`: forwards the startup until the server's first ReadyForQuery, then
 *   drops everything in both directions while keeping the sockets open (a firewall or NAT
 *   that forgot the connection, a server frozen mid-session).
 */
export type ProxyMode = 'forward' | 'silent' | 'stall-after-connect';

export interface TcpProxy {
  port: number;
  url(databaseUrl: string): string;
  close(): Promise<void>;
}

/** ReadyForQuery: 'Z', length 5, one status byte. */
const READY = Buffer.from([0x5a, 0, 0, 0, 5]);

export async function startProxy(target: { host: string; port: number }, mode: ProxyMode): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    if (mode === 'silent') {
      return;
    }
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => sockets.delete(upstream));
    let stalled = false;
    client.on('data', (d) => {
      if (!stalled) {
        upstream.write(d);
      }
    });
    upstream.on('data', (d) => {
      if (stalled) {
        return;
      }
      client.write(d);
      if (mode === 'stall-after-connect' && d.includes(READY)) {
        stalled = true;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url(databaseUrl: string) {
      const u = new URL(databaseUrl);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
