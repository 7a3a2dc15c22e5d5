/**
 * The evaluator: renderTemplate walks a parsed template over an alert's labels and
 * value as Prometheus would (text mode, missingkey=zero), under TEMPLATE_BUDGET
 * (steps, bytes, wall time). Pure.
 */
import { bytesExceeded, overBytes, TEMPLATE_BUDGET, utf8Length } from "./template-budget";
import { FUNCS, UNSUPPORTED } from "./template-funcs";
import { AlertData, ExecError, fmtV, GoInt, GoMap, goType, STRUCT, truth, type Value } from "./template-gofmt";
import { goQuote } from "./template-lex";
import { parse, ParseError, type Arg, type ControlNode, type Node, type Pipe } from "./template-parse";

const BREAK = Symbol("break");
const CONTINUE = Symbol("continue");

class Exec {
  out = "";
  private vars: { name: string; value: Value }[];
  private depth = 0;
  private steps = 0;
  private outBytes = 0;

  constructor(
    private readonly defs: Map<string, Node[]>,
    private readonly data: AlertData,
    private readonly deadline: number,
  ) {
    this.vars = [
      { name: "$", value: data },
      { name: "$labels", value: data.Labels },
      { name: "$externalLabels", value: data.ExternalLabels },
      { name: "$externalURL", value: data.ExternalURL },
      { name: "$value", value: data.Value },
    ];
  }

  /** One unit of work: refuses to go past the step budget or the deadline. */
  private tick() {
    if (++this.steps > TEMPLATE_BUDGET.steps) throw new ExecError(`template exceeds the preview's budget of ${TEMPLATE_BUDGET.steps} steps`);
    if ((this.steps & 127) === 0 && performance.now() > this.deadline) throw new ExecError(`template exceeds the preview's time budget of ${TEMPLATE_BUDGET.ms} ms`);
  }

  private emit(text: string) {
    this.out += text;
    this.outBytes += utf8Length(text);
    if (this.outBytes > TEMPLATE_BUDGET.bytes) throw new ExecError(bytesExceeded());
  }

  walk(dot: Value, nodes: Node[]): void {
    for (const n of nodes) {
      this.tick();
      switch (n.k) {
        case "text":
          this.emit(n.text);
          break;
        case "action": {
          const v = this.pipe(dot, n.pipe);
          if (!n.pipe.decl.length) this.emit(v === null ? "<no value>" : fmtV(v));
          break;
        }
        case "if":
        case "with": {
          const mark = this.vars.length;
          const v = this.pipe(dot, n.pipe);
          if (truth(v)) this.walk(n.k === "with" ? v : dot, n.list);
          else if (n.else) this.walk(dot, n.else);
          this.vars.length = mark;
          break;
        }
        case "range":
          this.range(dot, n);
          break;
        case "template": {
          const body = this.defs.get(n.name);
          if (!body) throw new ExecError(`no such template ${goQuote(n.name)}`);
          if (++this.depth > 100) throw new ExecError("exceeded maximum template depth (100)");
          const v = n.pipe ? this.pipe(dot, n.pipe) : null;
          const saved = this.vars;
          this.vars = [{ name: "$", value: v }];
          this.walk(v, body);
          [this.vars, this.depth] = [saved, this.depth - 1];
          break;
        }
        case "break":
          throw BREAK;
        case "continue":
          throw CONTINUE;
      }
    }
  }

  private range(dot: Value, n: ControlNode) {
    const mark = this.vars.length;
    const v = this.pipe(dot, { ...n.pipe, decl: [] });
    let entries: Iterable<[Value, Value]>;
    let empty: boolean;
    if (v instanceof GoMap) {
      const keys = Object.keys(v.m).sort();
      [entries, empty] = [keys.map((k) => [k, v.m[k]!]), !keys.length];
    } else if (v instanceof GoInt) {
      // lazily: `range 1000000000` must not allocate before the step budget stops it
      entries = (function* count(to: number): Generator<[Value, Value]> {
        for (let i = 0; i < to; i++) yield [new GoInt(i), new GoInt(i)];
      })(v.n);
      empty = v.n <= 0;
    } else if (v === null) [entries, empty] = [[], true];
    else throw new ExecError(`range can't iterate over ${fmtV(v)}`);
    if (empty && n.else) this.walk(dot, n.else);
    for (const [key, elem] of entries) {
      this.tick();
      this.vars.length = mark;
      const values = n.pipe.decl.length === 2 ? [key, elem] : [elem];
      n.pipe.decl.forEach((d, i) => this.declare(d, values[i]!, n.pipe.assign));
      try {
        this.walk(elem, n.list);
      } catch (e) {
        if (e === BREAK) break;
        if (e !== CONTINUE) throw e;
      }
    }
    this.vars.length = mark;
  }

  private declare(name: string, value: Value, assign: boolean) {
    if (!assign) return void this.vars.push({ name, value });
    const v = this.vars.findLast((x) => x.name === name);
    if (!v) throw new ExecError(`undefined variable: ${name}`);
    v.value = value;
  }

  private lookup(name: string): Value {
    const v = this.vars.findLast((x) => x.name === name);
    if (!v) throw new ExecError(`undefined variable: ${name}`);
    return v.value;
  }

  private pipe(dot: Value, p: Pipe): Value {
    let v: Value | undefined;
    for (const c of p.cmds) v = this.command(dot, c.args, v);
    const value = v ?? null;
    for (const d of p.decl) this.declare(d, value, p.assign);
    return value;
  }

  private command(dot: Value, [first, ...rest]: Arg[], final: Value | undefined): Value {
    const noArgs = () => {
      if (rest.length || final !== undefined) throw new ExecError(`can't give argument to non-function ${argText(first!)}`);
    };
    switch (first!.k) {
      case "field":
        return this.fields(dot, first!.ident, rest, final);
      case "chain":
        return this.fields(this.arg(dot, first!.node), first!.fields, rest, final);
      case "var":
        if (first!.ident.length > 1) return this.fields(this.lookup(first!.ident[0]!), first!.ident.slice(1), rest, final);
        noArgs();
        return this.lookup(first!.ident[0]!);
      case "ident":
        return this.call(dot, first!.name, rest, final);
      case "nil":
        throw new ExecError("nil is not a command");
    }
    noArgs();
    return this.arg(dot, first!);
  }

  private fields(receiver: Value, names: string[], args: Arg[], final: Value | undefined): Value {
    names.forEach((name, i) => {
      const hasArgs = i === names.length - 1 && (args.length > 0 || final !== undefined);
      if (receiver instanceof AlertData) {
        if (!["Labels", "ExternalLabels", "ExternalURL", "Value"].includes(name)) throw new ExecError(`can't evaluate field ${name} in type ${STRUCT}`);
        if (hasArgs) throw new ExecError(`${name} has arguments but cannot be invoked as function`);
        receiver = receiver[name as "Labels"];
      } else if (receiver instanceof GoMap) {
        if (hasArgs) throw new ExecError(`${name} is not a method but has arguments`);
        receiver = receiver.m[name] ?? "";
      } else if (receiver === null) throw new ExecError(`nil pointer evaluating interface {}.${name}`);
      else throw new ExecError(`can't evaluate field ${name} in type ${goType(receiver)}`);
    });
    return receiver;
  }

  private arg(dot: Value, a: Arg): Value {
    switch (a.k) {
      case "dot":
        return dot;
      case "nil":
        return null;
      case "bool":
      case "str":
        return a.v;
      case "num":
        if (a.complex) throw new ExecError(`cannot preview complex number ${a.text}`);
        return a.int ? new GoInt(a.v) : a.v;
      case "pipe":
        return this.pipe(dot, a.pipe);
      case "ident":
        return this.call(dot, a.name, [], undefined);
      default:
        return this.command(dot, [a], undefined);
    }
  }

  private call(dot: Value, name: string, argNodes: Arg[], final: Value | undefined): Value {
    if (name === "and" || name === "or") {
      if (!argNodes.length) throw new ExecError(`wrong number of args for ${name}: want at least 1 got 0`);
      let v: Value = null;
      for (const a of argNodes) {
        v = this.arg(dot, a);
        if (truth(v) === (name === "or")) return v;
      }
      return final === undefined ? v : final;
    }
    const f = FUNCS[name];
    if (!f) throw new ExecError(`cannot preview {{ ${name} }}: ${UNSUPPORTED[name] ?? "the preview does not evaluate this function"}`);
    const args = argNodes.map((a) => this.arg(dot, a));
    if (final !== undefined) args.push(final);
    if (args.length < f.min || (f.max !== undefined && args.length > f.max)) {
      const want = f.max === undefined ? `at least ${f.min}` : String(f.min);
      throw new ExecError(`wrong number of args for ${name}: want ${want} got ${args.length}`);
    }
    this.tick();
    try {
      const result = f.fn(args, this.data, this.data.ExternalURL);
      if (typeof result === "string" && overBytes(result)) throw new ExecError(bytesExceeded());
      return result;
    } catch (e) {
      if (e instanceof ExecError) throw e;
      throw new ExecError(`error calling ${name}: ${(e as Error).message}`);
    }
  }
}

function argText(a: Arg): string {
  if (a.k === "str" || a.k === "num") return a.text;
  if (a.k === "var") return a.ident.join(".");
  if (a.k === "field") return `.${a.ident.join(".")}`;
  return a.k === "bool" ? String(a.v) : a.k === "dot" ? "." : a.k;
}

export interface TemplateData {
  labels: Record<string, string>;
  value: number;
  externalLabels?: Record<string, string>;
  externalURL?: string;
}

/**
 * Expands an alert template the way Prometheus would for an alert with these labels
 * and value (text mode, missingkey=zero). Throws an Error with Go's message when the
 * template does not parse or fails, and for functions that need Prometheus.
 */
export function renderTemplate(text: string, data: TemplateData, budget: { deadline?: number } = {}): string {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(text);
  } catch (err) {
    if (err instanceof ParseError) throw new Error(`template does not parse: ${err.message}`);
    throw err;
  }
  const root = new AlertData(new GoMap(data.labels), new GoMap(data.externalLabels ?? {}), data.externalURL ?? "", data.value);
  const exec = new Exec(parsed.defs, root, budget.deadline ?? performance.now() + TEMPLATE_BUDGET.ms);
  try {
    exec.walk(root, parsed.root);
  } catch (err) {
    if (err === BREAK || err === CONTINUE) throw new Error("{{break}} outside {{range}}");
    throw new Error((err as Error).message);
  }
  return exec.out;
}
