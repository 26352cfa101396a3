import { describe, expect, it } from "vitest";
import { type DagError, type DagGraph, parseDag } from "./index.js";

// Cases ported from Spring Cloud Data Flow's own parser tests
// (spring-cloud-dataflow-core-dsl, TaskParserTests.java; the test method is
// named in each case). SCDF positions are 0-based offsets into the text;
// here they are line:column, 1-based. Graphs are compared with SCDF's
// toGraph() minus its START/END/SYNC nodes: a Baton node id is the label, or
// the task name when there is none.

const edgeText = (g: DagGraph): string[] =>
  g.edges.map((e) => (e.on === null ? `${e.from} -> ${e.to}` : `${e.from} -[${e.on}]-> ${e.to}`));

/** "id" or "id=task" when they differ, then " arg arg" for its arguments. */
const nodeText = (g: DagGraph): string[] =>
  g.nodes.map((n) => [n.id === n.task ? n.id : `${n.id}=${n.task}`, ...n.arguments].join(" "));

const graphOf = (source: string): DagGraph => {
  const result = parseDag(source);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.graph;
};

const errorsOf = (source: string): string[] => {
  const result = parseDag(source);
  if (result.ok) throw new Error(`expected errors for ${JSON.stringify(source)}: ${JSON.stringify(result.graph)}`);
  return result.errors.map((e: DagError) => `${e.line}:${e.column} ${e.message}`);
};

interface Accepted {
  scdf: string;
  dsl: string;
  nodes: string[];
  edges: string[];
  start: string[];
}

const ACCEPTED: Accepted[] = [
  // A split with one branch.
  { scdf: "oneAppSplit", dsl: "< FooApp>", nodes: ["FooApp"], edges: [], start: ["FooApp"] },
  {
    scdf: "graphToTextSingleAppInSplit [0-1][1-2][2-3]",
    dsl: "<AppA> && AppB",
    nodes: ["AppA", "AppB"],
    edges: ["AppA -> AppB"],
    start: ["AppA"],
  },
  {
    scdf: "graphToTextSingleAppInSplit [99:1-2][1-3][2-3]: the target rejoins the flow",
    dsl: "<AppA 99 -> AppC> && AppB",
    nodes: ["AppA", "AppC", "AppB"],
    edges: ["AppA -[99]-> AppC", "AppA -> AppB", "AppC -> AppB"],
    start: ["AppA"],
  },
  {
    scdf: "graphToTextSingleAppInSplit (issue 3263)",
    dsl: "<Import: timestamp 'Error2'->T2: timestamp 'Error'->T1: timestamp> && Backwards: timestamp",
    nodes: ["Import=timestamp", "T2=timestamp", "T1=timestamp", "Backwards=timestamp"],
    edges: [
      "Import -[Error2]-> T2",
      "Import -[Error]-> T1",
      "Import -> Backwards",
      "T2 -> Backwards",
      "T1 -> Backwards",
    ],
    start: ["Import"],
  },
  {
    scdf: "singleSplitToGraph",
    dsl: "<appA 'fail'-> appB>",
    nodes: ["appA", "appB"],
    edges: ["appA -[fail]-> appB"],
    start: ["appA"],
  },
  // The exit-code wildcard * and the status wildcard '*' on one node.
  {
    scdf: "appWithWildcardTransitions",
    dsl: "App1 *->App2 '*'->App3",
    nodes: ["App1", "App2", "App3"],
    edges: ["App1 -[*]-> App2", "App1 -[*]-> App3"],
    start: ["App1"],
  },
  {
    scdf: "executableDsl",
    dsl: "AAA 'failed' -> BBB * -> CCC",
    nodes: ["AAA", "BBB", "CCC"],
    edges: ["AAA -[failed]-> BBB", "AAA -[*]-> CCC"],
    start: ["AAA"],
  },
  {
    scdf: "wildcardTransition",
    dsl: 'foo "*"->wibble',
    nodes: ["foo", "wibble"],
    edges: ["foo -[*]-> wibble"],
    start: ["foo"],
  },
  {
    scdf: "wildcardTransitions",
    dsl: "aaa 'tname'->bbb '*'->ccc 3->ddd",
    nodes: ["aaa", "bbb", "ccc", "ddd"],
    edges: ["aaa -[tname]-> bbb", "aaa -[*]-> ccc", "aaa -[3]-> ddd"],
    start: ["aaa"],
  },
  // Numeric labels.
  { scdf: "labels (numeric)", dsl: "1: app", nodes: ["1=app"], edges: [], start: ["1"] },
  {
    scdf: "moreSophisticatedScenarios_gh712_3 (labelled)",
    dsl: "<1: jdbchdfs-local && spark-client || 2: spark-cluster && spark-yarn>",
    nodes: ["1=jdbchdfs-local", "spark-client", "2=spark-cluster", "spark-yarn"],
    edges: ["1 -> spark-client", "2 -> spark-yarn"],
    start: ["1", "2"],
  },
  // Label jumps and secondary sequences.
  {
    scdf: "transitionToOtherSequence",
    dsl: " appA 'fail'->:two && appB && appC;two: appD && appE",
    nodes: ["appA", "appB", "appC", "two=appD", "appE"],
    edges: ["appA -[*]-> appB", "appB -> appC", "appA -[fail]-> two", "two -> appE"],
    start: ["appA"],
  },
  {
    scdf: "secondarySequencesHaveFurtherTransitions",
    dsl: " appA 'fail'->:two && appB;two: appD 'fail2'->:three && appE;three: appF && appG",
    nodes: ["appA", "appB", "two=appD", "appE", "three=appF", "appG"],
    edges: ["appA -[*]-> appB", "appA -[fail]-> two", "two -[*]-> appE", "two -[fail2]-> three", "three -> appG"],
    start: ["appA"],
  },
  {
    scdf: "twoReferencesToSecondarySequence",
    dsl: "appA 'fail'->:two && appB 'fail2'->:two && appC;two: appD && appE",
    nodes: ["appA", "appB", "appC", "two=appD", "appE"],
    edges: ["appA -[*]-> appB", "appB -[*]-> appC", "appA -[fail]-> two", "appB -[fail2]-> two", "two -> appE"],
    start: ["appA"],
  },
  {
    scdf: "multiline: a new line starts a sequence",
    dsl: "appA 0->:label1 && appB\nlabel1: appC",
    nodes: ["appA", "appB", "label1=appC"],
    edges: ["appA -[*]-> appB", "appA -[0]-> label1"],
    start: ["appA"],
  },
  {
    scdf: "splitMainComposedTaskOverMultipleLines: transitions and && continue across lines",
    dsl: "FooApp\n 0\n->:a\n 1->:b\n &&\nBarApp\na: x\nb: y",
    nodes: ["FooApp", "BarApp", "a=x", "b=y"],
    edges: ["FooApp -[*]-> BarApp", "FooApp -[0]-> a", "FooApp -[1]-> b"],
    start: ["FooApp"],
  },
  {
    scdf: "validator: a labelled sequence nothing jumps to never runs",
    dsl: "appA;foo: appB",
    nodes: ["appA"],
    edges: [],
    start: ["appA"],
  },
  {
    scdf: "transitionToNonResolvedLabel, resolved: a jump forward in the same flow",
    dsl: "aa 'foo'->:cc && bb && cc: t",
    nodes: ["aa", "bb", "cc=t"],
    edges: ["aa -[*]-> bb", "bb -> cc", "aa -[foo]-> cc"],
    start: ["aa"],
  },
  {
    scdf: "transitionToSplit (disabled in SCDF as a limitation; a DAG, so accepted)",
    dsl: "aa 'foo'->:split && bb && split: <cc || dd> && ee",
    nodes: ["aa", "bb", "cc", "dd", "ee"],
    edges: ["aa -[*]-> bb", "aa -[foo]-> cc", "aa -[foo]-> dd", "bb -> cc", "bb -> dd", "cc -> ee", "dd -> ee"],
    start: ["aa"],
  },
  {
    scdf: "moreSophisticatedScenarios_gh712_1d: a jump out of a split branch rejoins after the split",
    dsl: "<AE 'jumpOut'->:AH && AF || AB> && AG\nAH: t",
    nodes: ["AE", "AF", "AB", "AG", "AH=t"],
    edges: ["AE -[*]-> AF", "AE -[jumpOut]-> AH", "AE -> AG", "AF -> AG", "AH -> AG", "AB -> AG"],
    start: ["AE", "AB"],
  },
  // Arguments as SCDF reads them.
  {
    scdf: "parameters",
    dsl: "gemfire-cq --query='Select * from /Stocks where symbol=''VMW''' --regionName=foo --foo=bar",
    nodes: ["gemfire-cq --query=Select * from /Stocks where symbol='VMW' --regionName=foo --foo=bar"],
    edges: [],
    start: ["gemfire-cq"],
  },
  {
    scdf: "parameters (digits first)",
    dsl: "foo --x=1a2b --y=two ",
    nodes: ["foo --x=1a2b --y=two"],
    edges: [],
    start: ["foo"],
  },
  {
    scdf: "expressions_xd159",
    dsl: "transform --expression=--payload",
    nodes: ["transform --expression=--payload"],
    edges: [],
    start: ["transform"],
  },
  {
    scdf: "expressions_xd159_4",
    dsl: "transform --expression=\"'Hello, world!'\" && t2: transform --expression='''Hello, world!'''",
    nodes: ["transform --expression='Hello, world!'", "t2=transform --expression='Hello, world!'"],
    edges: ["transform -> t2"],
    start: ["transform"],
  },
  {
    scdf: "xd2416",
    dsl: "transform --expression='payload.replace(\"abc\", '''')'",
    nodes: ["transform --expression=payload.replace(\"abc\", '')"],
    edges: [],
    start: ["transform"],
  },
  {
    scdf: "graphToText_3667",
    dsl: "sql-executor-task --script-location=/dataflow/scripts/test.sql --url=jdbc:postgresql://127.0.0.1:5432/postgres",
    nodes: [
      "sql-executor-task --script-location=/dataflow/scripts/test.sql --url=jdbc:postgresql://127.0.0.1:5432/postgres",
    ],
    edges: [],
    start: ["sql-executor-task"],
  },
  {
    scdf: "tokenizer: an unquoted value runs to a blank, '|', ';' or '>' only",
    dsl: "a --x=1&&b --f=g(1)",
    nodes: ["a --x=1&&b --f=g(1)"],
    edges: [],
    start: ["a"],
  },
  // Baton's addition: positional arguments, in the order written.
  {
    scdf: "(Baton) positional arguments",
    dsl: "slow-load 4 && load: slow-load --batch=2 2024-01-31 'eu west' 'FAILED'->alert 3",
    nodes: ["slow-load 4", "load=slow-load --batch=2 2024-01-31 eu west", "alert 3"],
    edges: ["slow-load -> load", "load -[FAILED]-> alert"],
    start: ["slow-load"],
  },
];

const REFUSED: [scdf: string, dsl: string, error: string][] = [
  // Arguments SCDF refuses, where it refuses them.
  ["shortArgValues_2499", "aaa --bbb= --ccc=ddd", "1:12 expected a value after --bbb= (write '' for an empty value)"],
  ["shortArgValues_2499", "aaa --bbb=| --ccc=ddd", "1:11 expected an argument value but found '|'"],
  ["shortArgValues_2499", "aaa --bbb=; --ccc=ddd", "1:11 expected an argument value but found ';'"],
  ["shortArgValues_2499", "aaa --bbb=> --ccc=ddd", "1:11 expected an argument value but found '>'"],
  ["shortArgValues_2499", "aaa --bbb=\t --ccc=ddd", "1:13 expected a value after --bbb="],
  ["shortArgValues_2499", "aaa --bbb=\n --ccc=ddd", "2:2 expected a value after --bbb="],
  ["errorCases05", "foo --", "1:7 expected an argument name right after '--'"],
  ["errorCases05", "foo --bar", "1:10 expected '=' after --bar"],
  ["errorCases05", "foo --bar=", "1:11 expected a value after --bar="],
  ["needAdjacentTokensForParameters", "foo -- name=value", "1:8 expected an argument name right after '--'"],
  ["needAdjacentTokensForParameters", "foo --name =value", "1:12 expected '=' after --name"],
  ["needAdjacentTokensForParameters", "foo --name= value", "1:13 expected a value after --name="],
  ["composedOptionNameErros", "foo --name.=value", "1:12 expected a name part right after '.' in --name."],
  ["composedOptionNameErros", "foo --name .sub=value", "1:12 no blanks inside an argument name"],
  ["composedOptionNameErros", "foo --name. sub=value", "1:13 expected a name part right after '.' in --name."],
  ["unbalancedSingleQuotes", "timestamp --format='YYYY", "1:20 unterminated string: add the closing '"],
  ["unbalancedDoubleQuotes", 'timestamp --format="YYYY', '1:20 unterminated string: add the closing "'],
  ["expressions_xd159_2", "transform --expression=new StringBuilder(payload).reverse()", "1:28 expected '&&'"],
  ["errorCases04", "foo bar=yyy", "1:5 expected '&&'"],
  ["errorCases04", "foo bar", "1:5 expected '&&'"],
  ["invalidApps", "foo--x=13", "1:7 expected '&&'"],
  // Labels and transitions.
  ["labels", "aaa: (appA)", "1:6 a label names one task or one split"],
  ["labels", "aaa: bbb: appA", "1:6 'aaa' already labels this task"],
  ["labels", "aaa:: appA", "1:5 expected a task name or '<' but found ':'"],
  ["badTransitions", "App1 ->", "1:6 expected an exit status in quotes before '->'"],
  ["badTransitions", "App1 0->x ->", "1:11 expected an exit status in quotes before '->'"],
  ["badTransitions", "App1 xx->", "1:6 exit statuses are quoted: write 'xx' -> …"],
  ["missingQuotes", "appA\n BROKEN->$FAIL", "2:2 exit statuses are quoted: write 'BROKEN' -> …"],
  ["extraneousDataError", "<a || b> rubbish", "1:10 expected '&&' or the end of the definition but found 'rubbish'"],
  ["incorrectTransition", "foo ||->bar", "1:5 expected '&&'"],
  ["unexpectedDoubleAnd", "aa  &&&& bb", "1:7 expected a task name or '<' but found '&&'"],
  ["errorExpectDoubleOr", "<aa | bb>", "1:5 unexpected '|'"],
  ["errorCases01", ";", "1:1 expected a task name or '<' but found ';'"],
  // Secondary sequences and label jumps.
  ["validator", "appA;appB", "1:6 a secondary sequence (after ';' or a new line) needs a label"],
  ["validator", "appA;foo: appB\nappC", "2:1 a secondary sequence (after ';' or a new line) needs a label"],
  ["transitionToNonResolvedLabel", "aa 'foo'->:split && bb && cc", "1:4 there is no label 'split' to jump to"],
  ["transitionToNonResolvedLabel", "<aa 'foo'->:split && bb && cc || dd>", "1:5 there is no label 'split' to jump to"],
  ["validator", "appA 'foo' -> appA", "1:15 the task 'appA' is used twice"],
  ["validator", "label1: appA 'foo' -> label1: appB", "1:23 the label 'label1' is used twice"],
  ["validator (across sequences)", "a 'F'->:x && b; x: c && b", "1:25 the task 'b' is used twice"],
  ["(runner) '*' then '&&'", "appA\n  0->:foo\n  *->appB\n  && appE;foo: appC", "4:3 nothing can follow 'appA'"],
  // Jumps that would make a cycle, refused at the jump that closes it.
  ["(Baton) a jump back to itself", "retry: a 'FAILED'->:retry", "1:10 this jump closes a cycle (retry -> retry)"],
  ["(Baton) a jump back in the flow", "a: t && b 'FAILED'->:a && c", "1:11 this jump closes a cycle (a -> b -> a)"],
  [
    "(Baton) sequences jumping to each other",
    "a 'F'->:x && b\nx: c 'G'->:y\ny: d 'H'->:x",
    "3:6 this jump closes a cycle (x -> y -> x)",
  ],
  [
    "(Baton) a sequence jumping back to the start",
    "x: a 'F'->:y && b\ny: c 'G'->:x",
    "2:6 this jump closes a cycle (x -> y -> x)",
  ],
  [
    "(Baton) a jump from one branch to another",
    "<x: p || q 'F'->:x> && r",
    "1:12 a transition cannot jump to ':x' from here",
  ],
  [
    "(Baton) one sequence, two continuations (SCDF copies it)",
    "<p 'F'->:x || q> && r 'F'->:x\nx: s",
    "1:23 the sequence 'x' is also jumped to from a flow that goes on differently",
  ],
];

describe("parseDag accepts what SCDF accepts, as the same graph", () => {
  it.each(ACCEPTED)("$scdf: $dsl", ({ dsl, nodes, edges, start }) => {
    const graph = graphOf(dsl);
    expect(nodeText(graph)).toEqual(nodes);
    expect(edgeText(graph)).toEqual(edges);
    expect(graph.start).toEqual(start);
  });
});

describe("parseDag refuses what SCDF refuses, where it does", () => {
  it.each(REFUSED)("%s: %j", (_scdf, dsl, error) => {
    const first = errorsOf(dsl)[0] ?? "";
    expect(first.startsWith(error), `${first} should start with ${error}`).toBe(true);
  });

  it("reports every label problem of every sequence, as SCDF's validator does", () => {
    expect(errorsOf("a 'X'->:nowhere && b\nfoo: c && d && d\ne")).toEqual([
      "2:16 the task 'd' is used twice: give each use its own label, e.g. 'd-2: d'",
      "3:1 a secondary sequence (after ';' or a new line) needs a label, e.g. 'retry: task', or it can never run",
      "1:3 there is no label 'nowhere' to jump to",
    ]);
  });
});
