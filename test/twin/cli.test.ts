// `npm run twin`: usage errors exit 2; an interactive twin prints its endpoints and how to reach
// them, stays up until told, and leaves nothing behind.
import { expect } from "chai";
import * as fs from "fs";
import * as net from "net";
import { main } from "../../tools/twin/cli";
import { main as verifyMain } from "../../tools/verify/cli";
import { ROOT } from "./support";

async function run(argv: string[], until?: Promise<void>): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const code = await main(argv, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, cwd: ROOT }, { projectDir: ROOT, until });
    return { code, out, err };
}

const canConnect = (host: string, port: number) => new Promise<boolean>((resolve) => {
    const s = net.connect({ host, port }, () => { s.destroy(); resolve(true); });
    s.on("error", () => resolve(false));
});

describe("npm run twin", function () {
    this.timeout(120000);

    it("exits 2 with the usage for a missing --stack, an unknown option or a bad --time-scale", async () => {
        for (const argv of [[], ["--stack", "dev", "--bogus"], ["--stack", "dev", "--time-scale", "0"]]) {
            const r = await run(argv);
            expect(r.code, argv.join(" ")).to.equal(2);
            expect(r.err).to.match(/^error: .*\n\nUsage: npm run twin/);
        }
    });

    it("exits 2 naming the stack file for a stack without one", async () => {
        const r = await run(["--stack", "nosuch"]);
        expect(r.code).to.equal(2);
        expect(r.err).to.match(/no stack file Pulumi\.nosuch\.yaml/);
    });

    it("brings dev up on loopback, prints the endpoints and a curl line, and tears everything down when told", async () => {
        let out = "";
        let markUp!: () => void;
        const up = new Promise<void>((r) => { markUp = r; });
        let release!: () => void;
        const until = new Promise<void>((r) => { release = r; });
        const done = main(["--stack", "dev"], { stdout: (t) => { out += t; if (out.includes("Up.")) markUp(); }, stderr: (t) => { out += t; }, cwd: ROOT }, { projectDir: ROOT, until });
        await Promise.race([up, done]);
        const https = /ALB HTTPS:443 -> 127\.0\.0\.1:(\d+)/.exec(out);
        expect(https, out).to.not.equal(null);
        expect(out).to.match(/^Twin endpoints \(loopback only/);
        expect(out).to.match(/curl --cacert \S+ca\.pem --resolve ALB-placeholder\.ap-northeast-2\.elb\.amazonaws\.com:\d+:127\.0\.0\.1 https:\/\//);
        const dir = /CA: (\S+)\/pki\/ca\.pem/.exec(out)![1];
        expect(await canConnect("127.0.0.1", Number(https![1]))).to.equal(true);
        expect(fs.existsSync(dir)).to.equal(true);
        // The printed verify command passes against the running twin.
        const verifyLine = /npm run verify -- (.+)/.exec(out)![1].split(" ");
        let verifyOut = "";
        const code = await verifyMain([...verifyLine, "--timeout", "20"], { stdout: (t) => { verifyOut += t; }, stderr: (t) => { verifyOut += t; }, cwd: ROOT }, { backoff: { initialMs: 100, maxMs: 500 } });
        expect(code, verifyOut).to.equal(0);
        release();
        expect(await done).to.equal(0);
        expect(await canConnect("127.0.0.1", Number(https![1]))).to.equal(false);
        expect(fs.existsSync(dir)).to.equal(false);
    });
});
