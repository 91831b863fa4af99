// The one argument parser of the commands: node:util's parseArgs (strict: an unknown option is a
// usage error), --help on every command, and "--x and --y are required." said the same way.
// `command` puts them together: each command declares its help, options and required options,
// and its main starts from their checked values.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError, type Output } from "./common";

type OptionSpecs = NonNullable<ParseArgsConfig["options"]>;
type WithHelp<O extends OptionSpecs> = O & { help: { type: "boolean" } };
type Values<O extends OptionSpecs> = ReturnType<
  typeof parseArgs<{ args: string[]; options: WithHelp<O> }>
>["values"];

/** The options' values, or undefined when --help was asked for (the help is then written). */
export function commandOptions<const O extends OptionSpecs>(
  argv: string[],
  options: O,
  help: string,
  out: Output,
): Values<O> | undefined {
  const withHelp: WithHelp<O> = { ...options, help: { type: "boolean" } };
  // parseArgs types its values from the literal options at the call site; O is that literal.
  const values = parseArgs({ args: argv, options: withHelp }).values as Values<O>;
  if ((values as { help?: boolean }).help) {
    out.write(`${help}\n`);
    return undefined;
  }
  return values;
}

function listed(names: string[]): string {
  const flags = names.map((n) => `--${n}`);
  return flags.length < 2 ? flags.join("") : `${flags.slice(0, -1).join(", ")} and ${flags.at(-1)}`;
}

/** Throws the usage error naming every required option when any of them is missing. */
export function requireOptions<V extends Record<string, unknown>, K extends keyof V & string>(
  values: V,
  names: K[],
  help: string,
): asserts values is V & { [P in K]-?: NonNullable<V[P]> } {
  if (names.some((n) => values[n] === undefined || values[n] === ""))
    throw new UsageError(
      `${listed(names)} ${names.length < 2 ? "is" : "are"} required.\n\n${help}`,
    );
}

/** A command's main: its arguments, the environment (credentials) and where to write; the exit status. */
export type CommandMain = (argv: string[], env: NodeJS.ProcessEnv, out: Output) => Promise<number>;

export interface CommandSpec<O extends OptionSpecs, K extends keyof Values<O> & string> {
  help: string;
  options: O;
  /** Named all at once in the usage error when any is missing. */
  required: K[];
  /** Two options that exclude each other ("Say --plan or --apply, not both."), checked first. */
  exclusive?: [keyof O & string, keyof O & string];
}

/**
 * A command's main from its declaration: --help writes the help and exits 0; options that exclude
 * each other, then missing required options, are usage errors; otherwise `run` gets the values.
 */
export function command<const O extends OptionSpecs, K extends keyof Values<O> & string>(
  spec: CommandSpec<O, K>,
  run: (
    values: Values<O> & { [P in K]-?: NonNullable<Values<O>[P]> },
    env: NodeJS.ProcessEnv,
    out: Output,
  ) => Promise<number>,
): CommandMain {
  return async (argv, env, out) => {
    const values = commandOptions(argv, spec.options, spec.help, out);
    if (!values) return 0;
    const both = spec.exclusive;
    if (both && both.every((name) => (values as Record<string, unknown>)[name]))
      throw new UsageError(`Say --${both[0]} or --${both[1]}, not both.`);
    requireOptions(values, spec.required, spec.help);
    return run(values, env, out);
  };
}

/** `--lease SECONDS` and the like, in milliseconds; undefined when not given. */
export function secondsAsMs(value: string | undefined): number | undefined {
  return value ? Number(value) * 1000 : undefined;
}
