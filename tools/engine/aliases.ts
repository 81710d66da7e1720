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

/** What is known of an already registered resource: its resolved aliases. */
export type AliasLookup = (urn: string) => { aliases: string[] } | undefined;

const typeOf = (urn: string): string => parseUrn(urn).qualifiedType.split("$").pop() as string;

/**
 * The URNs `r` also answers to, as the engine's step generator computes them (step_generator.go,
 * generateAliases, collapseAliasToUrn, inheritedChildAlias), over every way its parent can have
 * been found in the old state (under its URN or one of its aliases; `lookup` gives a registered
 * resource's aliases):
 *  - each alias spec resolves against the resource's name, type and parent; a spec's parent that
 *    was itself found under an alias stands for that old URN;
 *  - with the parent found under an alias, the resource's own name and type under that old parent,
 *    and each of its resolved aliases' name and type under it too; where a name starts with the
 *    parent's name, the parent's old name is swapped in.
 */
export function aliasUrns(r: AliasedResource, lookup: AliasLookup): string[] {
    const { stack, project } = parseUrn(r.urn);
    const collapsed: string[] = [];
    for (const a of r.aliasSpecs) {
        if (a.urn) {
            collapsed.push(a.urn);
            continue;
        }
        const [st, pr, type, name] = [a.stack || stack, a.project || project, a.type || r.type, a.name || r.name];
        if (a.noParent) {
            collapsed.push(makeUrn(st, pr, undefined, type, name));
            continue;
        }
        // The SDK fills in the resource's own parent (runtime/resource.js, mapAliasesForRequest).
        const parent = a.parentUrn || r.parent;
        for (const p of parent ? [parent, ...(lookup(parent)?.aliases ?? [])] : [undefined]) collapsed.push(makeUrn(st, pr, p, type, name));
    }
    const out = new Set<string>(collapsed);
    const parentAliases = r.parent ? lookup(r.parent)?.aliases ?? [] : [];
    if (r.parent && parentAliases.length > 0) {
        const parentName = parseUrn(r.parent).name;
        const inherited = (type: string, name: string, pa: string): string =>
            makeUrn(stack, project, pa, type, name.startsWith(parentName) ? parseUrn(pa).name + name.slice(parentName.length) : name);
        for (const pa of parentAliases) {
            out.add(inherited(r.type, r.name, pa));
            for (const c of collapsed) out.add(inherited(typeOf(c), parseUrn(c).name, pa));
        }
    }
    out.delete(r.urn);
    return [...out];
}
