// The user data from the template file is byte for byte what the renderer produced before it
// (the fixture was written by that renderer), so no deployed instance is replaced by the move.
import { expect } from "chai";
import { renderUserData } from "../../infra/web";
import golden from "./fixtures/userdata.golden.json";

describe("user data golden output", () => {
    for (const g of golden) {
        it(`is unchanged: ${g.name}`, () => expect(renderUserData(g.args)).to.equal(g.userData));
    }
});
