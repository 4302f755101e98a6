/**
 * A small static file server for build/app (Node's http only): correct MIME types (wasm as
 * application/wasm), no caching, nothing outside the served directory, and a few extra routes
 * (config.json, risk.json) given as in-memory documents. It only ever answers GET and HEAD:
 * the page keeps portfolio and balances in the browser and never sends them anywhere.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".zkey": "application/octet-stream",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** An in-memory document served at a fixed path. */
export interface ExtraRoute {
  body: string | Buffer;
  type: string;
}

export interface AppServerOptions {
  /** Directory served at / (build/app). */
  dir: string;
  /** Port (0 = any free port). */
  port?: number;
  host?: string;
  /** Extra documents by URL path, e.g. "/config.json"; they win over files. */
  routes?: Record<string, ExtraRoute | (() => ExtraRoute)>;
}

export interface AppServer {
  url: string;
  port: number;
  /** Replaces or adds an extra route while serving. */
  setRoute(pathname: string, route: ExtraRoute | (() => ExtraRoute)): void;
  close(): Promise<void>;
}

/** Serves `opts.dir`; resolves once listening. */
export function serveApp(opts: AppServerOptions): Promise<AppServer> {
  const root = path.resolve(opts.dir);
  const routes = new Map(Object.entries(opts.routes ?? {}));
  const server = http.createServer((req, res) => {
    const send = (status: number, body: string | Buffer, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, {
        "content-type": type,
        "content-length": Buffer.byteLength(body),
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "only GET and HEAD\n");
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      return send(400, "bad URL\n");
    }
    const extra = routes.get(pathname);
    if (extra) {
      const r = typeof extra === "function" ? extra() : extra;
      return send(200, r.body, r.type);
    }
    if (pathname.endsWith("/")) pathname += "index.html";
    const file = path.resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + path.sep)) return send(403, "forbidden\n");
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return send(404, `not found: ${pathname}\n`);
      res.writeHead(200, {
        "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "content-length": st.size,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      if (req.method === "HEAD") return res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      const host = opts.host ?? "127.0.0.1";
      resolve({
        url: `http://${host}:${port}/`,
        port,
        setRoute: (p, r) => void routes.set(p, r),
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
