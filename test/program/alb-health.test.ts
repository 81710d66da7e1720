// An `alb` target group's health check goes through the ALB's routing to whatever serves the
// route: it must ask for something that answers within the group's matcher, or the NLB marks the
// ALB unhealthy (and fails open). Found by payments-prod's twin before this check existed.
import { expect } from "chai";
import { EditableValues as Values, stackProblems as problems } from "../support/program";

describe("an alb target group's health check reaches something that answers it", () => {
    it("payments-prod: the default / reaches the team's application, which declares only /healthz", () => {
        expect(problems("payments-prod", () => undefined)).to.deep.equal([]);
        const out = problems("payments-prod", (v) => { delete v.targetGroups["ALB-front"].healthCheck; });
        expect(out).to.deep.equal([
            "elb-web-tier:targetGroups.ALB-front.healthCheck.path: reaches albListeners.https.defaultAction and TG-ALB (port 80), where the workload declares no / (workload.serves); ask for its health path, or the NLB marks the ALB unhealthy and fails open; got \"/\"",
        ]);
    });

    it("prod: the greeting serves /, but not /status", () => {
        expect(problems("prod", () => undefined)).to.deep.equal([]);
        const out = problems("prod", (v) => { v.targetGroups["ALB-front"].healthCheck = { path: "/status" }; });
        expect(out).to.have.length(1);
        expect(out[0]).to.contain("which answers /status with 404, outside the group's matcher 200-399");
    });

    it("a path rule that matches the health check path decides, as the ALB's routing would; host rules never match", () => {
        const fixed = (v: Values, status: string) => {
            v.targetGroups["ALB-front"].healthCheck = { path: "/lb-health" };
            v.albListeners = { https: { rules: { lbhealth: { priority: 5, conditions: [{ pathPattern: ["/lb-*"] }], action: { type: "fixed-response", statusCode: status, contentType: "text/plain", messageBody: "ok" } } } } };
        };
        expect(problems("prod", (v) => fixed(v, "200"))).to.deep.equal([]);
        // A path pattern matches the path only, not the query (ELB listener rules).
        expect(problems("prod", (v) => {
            fixed(v, "200");
            v.albListeners.https.rules.lbhealth.conditions = [{ pathPattern: ["/lb-health"] }];
            v.targetGroups["ALB-front"].healthCheck = { path: "/lb-health?from=nlb" };
        })).to.deep.equal([]);
        expect(problems("prod", (v) => fixed(v, "503"))[0]).to.contain("reaches albListeners.https.rules.lbhealth, which answers 503, outside the group's matcher 200-399");
        // A host-header rule for the same path is not what the health check (Host: an address) reaches.
        expect(problems("prod", (v) => {
            v.targetGroups["ALB-front"].healthCheck = { path: "/lb-health" };
            v.albListeners = { https: { rules: { lbhealth: { priority: 5, conditions: [{ hostHeader: ["www.example.com"] }, { pathPattern: ["/lb-*"] }], action: { type: "fixed-response", statusCode: "200", contentType: "text/plain", messageBody: "ok" } } } } };
        })[0]).to.contain("reaches albListeners.https.defaultAction and TG-ALB (port 80), which answers /lb-health with 404");
    });

    it("a group without a port gets the one error that says so, not a guess at where its check goes", () => {
        const out = problems("prod", (v) => { delete v.targetGroups["ALB-front"].port; });
        expect(out).to.deep.equal(["elb-web-tier:targetGroups.ALB-front.port: is required: the port the targets serve on, 1-65535; got nothing"]);
    });

    it("a route to a gRPC or HTTP/2 group can't answer it: the NLB asks in HTTP/1.1, which the ALB refuses there (464)", () => {
        // payments-prod's application, served as gRPC on 8080 behind the ALB's default action.
        const grpc = (v: Values) => {
            v.workload.serves = [{ port: 80, protocol: "HTTP", healthPath: "/healthz" }, { port: 8080, protocol: "HTTP", protocolVersion: "GRPC", healthPath: "/grpc.health.v1.Health/Check" }];
            v.targetGroups.api = { protocol: "HTTP", port: 8080, protocolVersion: "GRPC", healthCheck: { path: "/grpc.health.v1.Health/Check", matcher: "0" } };
            v.targetGroups["TG-ALB"] = { enabled: false };
            v.albListeners = { https: { defaultAction: { type: "forward", targetGroup: "api" } } };
            v.targetGroups["ALB-front"].healthCheck = { path: "/grpc.health.v1.Health/Check" };
        };
        expect(problems("payments-prod", grpc)).to.deep.equal([
            "elb-web-tier:targetGroups.ALB-front.healthCheck.path: reaches albListeners.https.defaultAction and api, a GRPC group: the NLB's health check is an HTTP/1.1 request, which the ALB answers with 464 for GRPC groups, so the NLB would mark the ALB unhealthy; send the check to a path a rule answers itself (a pathPattern rule with a fixed-response 200) or one routed to an HTTP1 group; got \"/grpc.health.v1.Health/Check\"",
        ]);
        // What the message advises plans clean: a rule answering the check itself.
        expect(problems("payments-prod", (v) => {
            grpc(v);
            v.targetGroups["ALB-front"].healthCheck = { path: "/lb-health" };
            v.albListeners.https.rules = { lbhealth: { priority: 1, conditions: [{ pathPattern: ["/lb-health"] }], action: { type: "fixed-response", statusCode: "200", messageBody: "ok" } } };
        })).to.deep.equal([]);
    });
});
