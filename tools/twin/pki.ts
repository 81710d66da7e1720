// A local CA (openssl) that issues the stack's certificate names to the twin's listeners, and a
// client CA for mutual TLS. P-256 keys: generated in milliseconds, and ACM issues them too.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface Pki {
    /** The CA's PEM: clients trust it (curl --cacert, verify --ca). */
    caFile: string;
    /** Issues a leaf for these DNS names; returns a PEM file of certificate + key (HAProxy's crt). */
    issue(label: string, names: string[]): string;
    /** mTLS: the client CA bundle (what the trust store would hold) and one client certificate + key. */
    client(): { caFile: string; certFile: string; keyFile: string };
}

function openssl(args: string[], cwd: string): void {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

function makeCa(dir: string, name: string): { key: string; cert: string } {
    const [key, cert] = [path.join(dir, `${name}.key`), path.join(dir, `${name}.pem`)];
    openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
        "-subj", `/CN=elb-web-tier twin ${name}/O=elb-web-tier twin`, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
    return { key, cert };
}

function signLeaf(dir: string, ca: { key: string; cert: string }, label: string, subject: string, ext: string): { key: string; cert: string } {
    const [key, csr, cert, extFile] = ["key", "csr", "pem", "ext"].map((e) => path.join(dir, `${label}.${e}`));
    fs.writeFileSync(extFile, ext);
    openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", csr, "-subj", subject], dir);
    openssl(["x509", "-req", "-in", csr, "-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial", "-out", cert, "-days", "1", "-extfile", extFile], dir);
    return { key, cert };
}

export function createPki(dir: string): Pki {
    fs.mkdirSync(dir, { recursive: true });
    const ca = makeCa(dir, "ca");
    let clientCa: { key: string; cert: string } | undefined;
    let clientLeaf: { key: string; cert: string } | undefined;
    return {
        caFile: ca.cert,
        issue(label, names) {
            const safe = label.replace(/[^A-Za-z0-9-]/g, "-");
            const san = names.map((n) => `DNS:${n}`).join(",");
            const leaf = signLeaf(dir, ca, safe, `/CN=${names[0] ?? safe}`, `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
            const bundle = path.join(dir, `${safe}.bundle.pem`);
            fs.writeFileSync(bundle, fs.readFileSync(leaf.cert, "utf8") + fs.readFileSync(leaf.key, "utf8"));
            return bundle;
        },
        client() {
            clientCa ??= makeCa(dir, "client-ca");
            clientLeaf ??= signLeaf(dir, clientCa, "client", "/CN=twin client", "extendedKeyUsage=clientAuth\n");
            return { caFile: clientCa.cert, certFile: clientLeaf.cert, keyFile: clientLeaf.key };
        },
    };
}
