// The one argument parser of the commands: node:util's parseArgs (strict: an unknown option is a
// usage error), --help on every command, and "--x and --y are required." said the same way.
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

/** `--lease SECONDS` and the like, in milliseconds; undefined when not given. */
export function secondsAsMs(value: string | undefined): number | undefined {
  return value ? Number(value) * 1000 : undefined;
}
