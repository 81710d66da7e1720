// The program: the web tier of the seed exercise (infra/webTier.ts) for this stack.
//
// Order matters: config is validated and the network and the AMI are looked up (awaited) before
// the first resource is declared, so bad input fails the run before anything is created.
import { loadConfig } from "./config";
import { discoverNetwork } from "./network";
import { resolveAmi, resolveImage } from "./web";
import { WebTier } from "./webTier";

export = async () => {
    const config = loadConfig();
    const network = await discoverNetwork(config);
    const ami = config.workload.mode === "ami" ? await resolveImage(config.workload.image) : await resolveAmi(config.fleet.amiId, config.fleet.instanceType);
    return new WebTier({ config, network, ami }).outputs;
};
