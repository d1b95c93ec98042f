import {request} from 'node:http';

// One HTTP request on a fresh connection; resolves status, headers and body text.
export const httpRequest = (
  port: number,
  path: string,
  {method = 'GET', headers = {}, host = '127.0.0.1', timeoutMs = 10_000} = {},
): Promise<{status: number; headers: Record<string, unknown>; body: string}> =>
  new Promise((resolve, reject) => {
    const call = request(
      {host, port, path, method, headers, agent: false, timeout: timeoutMs},
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({status: response.statusCode ?? 0, headers: response.headers, body}),
        );
      },
    );
    call.on('timeout', () => call.destroy(new Error(`timed out after ${timeoutMs} ms: ${method} ${path}`)));
    call.on('error', reject);
    call.end();
  });
