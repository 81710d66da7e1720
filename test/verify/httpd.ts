// A stand-in EC2_Web instance for verify's tests: httpd configured by the user data itself
// (tools/twin/httpd.ts, as the twin runs it), on the user data's own ports.
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { runUserData, startHttpdIn } from "../../tools/twin/httpd";

export interface Httpd {
    hostname: string;
    dir: string;
    stop(): Promise<void>;
}

/** Starts httpd (one process, -X) with the user data's config (tools/twin/httpd.ts); resolves once every port accepts. */
export async function startHttpd(userData: string, hostname: string, ports: number[]): Promise<Httpd> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-httpd-"));
    // httpd drops to www-data when started as root: it must be able to read the page.
    fs.chmodSync(dir, 0o755);
    runUserData(userData, dir, hostname);
    const httpd = await startHttpdIn(dir, hostname, ports);
    return {
        hostname,
        dir,
        stop: async () => {
            await httpd.stop();
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}

/** A port nobody listens on right now, on any address (httpd's `Listen <port>` binds them all). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.on("error", reject);
        s.listen(0, "0.0.0.0", () => {
            const { port } = s.address() as net.AddressInfo;
            s.close(() => resolve(port));
        });
    });
}
