// The project's module graph, read with the TypeScript compiler's own import scanner
// (ts.preProcessFile): `import` and `export ... from` (type-only ones too: a type cycle is still a
// cycle for the reader), `require("...")`, `import("...")` and `typeof import("...")`. Only
// relative specifiers are edges; packages are not part of the graph.
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const ROOT = path.join(__dirname, "..", "..");

/** Files by repository-relative path (posix), each with the files it imports. */
export type ImportGraph = Map<string, string[]>;

const SOURCE = /\.(ts|js)$/;

function sourceFiles(dir: string): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = path.posix.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== "node_modules" && !entry.name.startsWith(".")) out.push(...sourceFiles(rel));
        } else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
            out.push(rel);
        }
    }
    return out;
}

const isFile = (rel: string) => fs.existsSync(path.join(ROOT, rel)) && fs.statSync(path.join(ROOT, rel)).isFile();

/** What node would load for `spec` imported from `from` (extensions and index files as require does); null for data (JSON). */
function resolve(from: string, spec: string): string | null | undefined {
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
    const found = [base, `${base}.ts`, `${base}.js`, `${base}/index.ts`, `${base}/index.js`].find(isFile);
    return found === undefined ? undefined : SOURCE.test(found) ? found : null;
}

/** Every module specifier of every source file under `dirs` (relative and package ones), as written. */
export function specifiers(dirs: string[]): Map<string, string[]> {
    return new Map(dirs.flatMap(sourceFiles).sort().map((file) => [
        file,
        ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), "utf8"), true, true).importedFiles.map((f) => f.fileName),
    ]));
}

/** The import graph of every source file under `dirs`; an unresolvable relative import throws. */
export function importGraph(dirs: string[]): ImportGraph {
    const graph: ImportGraph = new Map();
    for (const [file, specs] of specifiers(dirs)) {
        const targets = new Set<string>();
        for (const fileName of specs) {
            if (!fileName.startsWith(".")) continue;
            const target = resolve(file, fileName);
            if (target === undefined) throw new Error(`${file}: cannot resolve "${fileName}"`);
            if (target !== null) targets.add(target);
        }
        graph.set(file, [...targets].sort());
    }
    return graph;
}

/** Every cycle, as the strongly connected components with more than one file (Tarjan), each shown as one concrete loop. */
export function importCycles(graph: ImportGraph): string[][] {
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const components: string[][] = [];
    const visit = (v: string): void => {
        index.set(v, next);
        low.set(v, next++);
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!index.has(w)) {
                visit(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v)!, index.get(w)!));
            }
        }
        if (low.get(v) === index.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort());
        }
    };
    for (const v of graph.keys()) if (!index.has(v)) visit(v);
    return components.map(c => loopIn(graph, c));
}

/** One loop through a strongly connected component, from its first file back to it (breadth-first, so the shortest). */
function loopIn(graph: ImportGraph, component: string[]): string[] {
    const members = new Set(component);
    const start = component[0];
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
        const v = queue.shift()!;
        for (const w of graph.get(v) ?? []) {
            if (!members.has(w)) continue;
            if (w === start) {
                const loop = [v];
                while (loop[0] !== start) loop.unshift(previous.get(loop[0])!);
                return [...loop, start];
            }
            if (!previous.has(w)) {
                previous.set(w, v);
                queue.push(w);
            }
        }
    }
    return component;
}
