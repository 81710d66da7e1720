// The user data before the template file: byte for byte what the old renderer produced.
import { expect } from "chai";
import { renderUserData } from "../../infra/web";
import golden from "./fixtures/userdata.golden.json";

describe("user data golden output", () => {
    for (const g of golden) {
        it(`is unchanged: ${g.name}`, () => {
            const [albPort, nlbPort] = g.args.ports;
            expect(renderUserData({ greeting: g.args.greeting, albPort, nlbPort, proxyProtocolV2: g.args.proxyProtocolPorts.length > 0 })).to.equal(g.userData);
        });
    }
});
