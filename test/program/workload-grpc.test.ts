// What the load balancer speaks to a target (its group's protocolVersion) must be what the process
// on that port speaks (workload.serves protocolVersion): HTTP/1.1, HTTP/2 or gRPC. A gRPC service's
// health check answers a gRPC status code, which the matcher must accept.
import { expect } from "chai";
import { configProblems } from "../support/program";

const GRPC_HEALTH = "/grpc.health.v1.Health/Check";
const base = (serve: Record<string, unknown>, group: Record<string, unknown>) => ({
    workload: {
        mode: "ami", image: "ami-0123456789abcdef0",
        serves: [{ port: 80, protocol: "HTTP", healthPath: "/healthz" }, { port: 50051, protocol: "HTTPS", healthPath: GRPC_HEALTH, ...serve }],
    },
    targetGroups: { "TG-ALB": { healthCheck: { path: "/healthz" } }, api: { protocol: "HTTPS", port: 50051, healthCheck: { path: GRPC_HEALTH }, ...group } },
    albListeners: { https: { rules: { api: { priority: 10, conditions: [{ pathPattern: ["/payments.v1.*"] }], action: { type: "forward", targetGroup: "api" } } } } },
});

const problems = (values: Record<string, unknown>) => configProblems(values, "grpc");

describe("a team's gRPC service behind the ALB", () => {
    it("plans when the group and the served port agree on GRPC and the matcher accepts the served gRPC code", () => {
        expect(problems(base({ protocolVersion: "GRPC" }, { protocolVersion: "GRPC", healthCheck: { path: GRPC_HEALTH, matcher: "0" } }))).to.deep.equal([]);
    });

    it("refuses a GRPC group in front of a port that speaks HTTP/1.1, and the reverse", () => {
        expect(problems(base({}, { protocolVersion: "GRPC", healthCheck: { path: GRPC_HEALTH, matcher: "0" } })).join("\n"))
            .to.contain("elb-web-tier:targetGroups.api.protocolVersion: is GRPC, but port 50051 serves HTTP1 (workload.serves protocolVersion); the two must match");
        expect(problems(base({ protocolVersion: "GRPC" }, {})).join("\n"))
            .to.contain("elb-web-tier:targetGroups.api.protocolVersion: is HTTP1, but port 50051 serves GRPC");
    });

    it("refuses AWS's default gRPC matcher (12) when the service answers its health path with OK (0)", () => {
        expect(problems(base({ protocolVersion: "GRPC" }, { protocolVersion: "GRPC" })).join("\n"))
            .to.contain("elb-web-tier:targetGroups.api.healthCheck.matcher: does not accept 0, the gRPC code workload.serves says a healthy instance answers");
    });

    it("takes gRPC codes (0-99) as a GRPC port's healthStatus, HTTP statuses otherwise", () => {
        expect(problems(base({ protocolVersion: "GRPC", healthStatus: 200 }, { protocolVersion: "GRPC" })).join("\n"))
            .to.contain("elb-web-tier:workload.serves[1].healthStatus: must be 0-99 for a GRPC port");
        expect(problems(base({ healthStatus: 0 }, {})).join("\n"))
            .to.contain("elb-web-tier:workload.serves[1].healthStatus: must be 200-499 for a port answering HTTP");
    });

    it("the greeting's httpd speaks HTTP/1.1 only", () => {
        expect(problems({ targetGroups: { "TG-ALB": { protocolVersion: "HTTP2" } } }).join("\n"))
            .to.contain("elb-web-tier:targetGroups.TG-ALB.protocolVersion: is HTTP2, but the greeting workload's httpd speaks HTTP/1.1 only");
    });
});
