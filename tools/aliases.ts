// Old URNs a resource answers to, computed the way the Pulumi engine does from the alias specs the
// SDK sends (pkg/resource/deploy: alias specs resolve against the resource's own name, type and
// parent; and a resource inherits every alias of its parent, with the parent's name swapped in
// where its own name starts with it). Used to check that a renamed or re-parented resource of a
// deployed stack updates in place instead of being replaced.

export interface AliasSpec {
    /** A full URN alias. */
    urn?: string;
    name?: string;
    type?: string;
    stack?: string;
    project?: string;
    parentUrn?: string;
    noParent?: boolean;
}

interface UrnParts {
    stack: string;
    project: string;
    /** The qualified type: ancestors' types joined by $, then the resource's type. */
    qualifiedType: string;
    name: string;
}

export function parseUrn(urn: string): UrnParts {
    const m = /^urn:pulumi:([^:]*)::([^:]*)::(.*?)::(.*)$/.exec(urn);
    if (!m) throw new Error(`not a URN: ${urn}`);
    return { stack: m[1], project: m[2], qualifiedType: m[3], name: m[4] };
}

function makeUrn(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
    // Children of the stack resource carry no parent type (as the engine's NewURN does).
    const parentType = parentUrn ? parseUrn(parentUrn).qualifiedType : "";
    const qualified = parentType && !parentType.endsWith("pulumi:pulumi:Stack") ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

export interface AliasedResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    aliasSpecs: AliasSpec[];
}

/**
 * The URNs `r` also answers to. `parentAliases` are the (already resolved) aliases of its parent,
 * and `parentName` that parent's name.
 */
export function aliasUrns(r: AliasedResource, parentName: string | undefined, parentAliases: string[]): string[] {
    const { stack, project } = parseUrn(r.urn);
    const out = new Set<string>();
    for (const a of r.aliasSpecs) {
        if (a.urn) {
            out.add(a.urn);
            continue;
        }
        const parent = a.noParent ? undefined : a.parentUrn || r.parent;
        out.add(makeUrn(a.stack || stack, a.project || project, parent, a.type || r.type, a.name || r.name));
    }
    for (const pa of parentAliases) {
        const name = parentName && r.name.startsWith(parentName) ? parseUrn(pa).name + r.name.slice(parentName.length) : r.name;
        out.add(makeUrn(stack, project, pa, r.type, name));
    }
    out.delete(r.urn);
    return [...out];
}
