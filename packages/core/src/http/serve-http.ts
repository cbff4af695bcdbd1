import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { InvalidInputError } from "../errors/index.js";

/** A running HTTP server of an environment protocol. */
export interface HttpServerHandle {
  /** `http://host:port`, without a trailing slash. */
  url: string;
  port: number;
  /** Stops listening, drops open connections and runs the protocol's own clean-up. */
  close(): Promise<void>;
}

export interface ServeHttpOptions {
  /** Interface to listen on (default 127.0.0.1: loopback only). */
  host?: string;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Answers one request; a rejection means the answer could not be written. */
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
  /** Told about requests whose answer could not be written. */
  onError?: (error: unknown, route: string) => void;
  /** Releases the protocol's state (its environments) on close. */
  closeAll: () => Promise<void>;
}

/** Listens with a protocol's request handler; the plumbing shared by the AgentGym servers. */
export async function serveHttp(options: ServeHttpOptions): Promise<HttpServerHandle> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidInputError(`port must be an integer in 0..65535, got ${port}`);
  const host = options.host ?? "127.0.0.1";
  const server = createServer((request, response) => {
    options.handle(request, response).catch((error: unknown) => {
      // Only a failure to write the answer lands here; the connection is beyond saving.
      options.onError?.(error, request.url ?? "");
      response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`,
    port: bound,
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await Promise.all([stopped, options.closeAll()]);
      })();
      return closing;
    },
  };
}
