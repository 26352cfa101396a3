"use client";
import Link from "next/link";
import { createContext, type ReactNode, useContext } from "react";
import { type Grant, type Role, whyNot } from "@/lib/can";

/** Who is signed in and what they may do (the API's `me`, read once per page load by the root layout). */
export interface Viewer {
  name: string;
  grants: readonly Grant[];
}

/** null: local mode (sign-in off), where everyone may do everything. */
export const ViewerContext = createContext<Viewer | null>(null);

export function useViewer(): Viewer | null {
  return useContext(ViewerContext);
}

/**
 * Why the signed-in user may not do this (a sentence), or undefined when
 * they may. `name`: the task or DAG acted on (a prefix grant may cover it);
 * `some`: the user picks the name in the form, so any grant of the role will do.
 */
export function useDenied(role: Role, name?: string | null, some = false): string | undefined {
  const viewer = useViewer();
  return viewer ? whyNot(viewer.grants, role, name ?? undefined, some) : undefined;
}

/**
 * Its children as they are when the user may do this; otherwise disabled
 * (a fieldset: every button and input inside) with the reason as a title
 * and, unless `compact` (table rows), as a note below.
 */
export function Guarded({
  needs: role,
  name,
  some = false,
  compact = false,
  children,
}: {
  /** The role the action needs. */
  needs: Role;
  name?: string | null;
  some?: boolean;
  compact?: boolean;
  children: ReactNode;
}) {
  const denied = useDenied(role, name, some);
  if (!denied) return <>{children}</>;
  return (
    <fieldset className={compact ? "guarded compact" : "guarded"} disabled title={denied} data-needs={role}>
      {children}
      {compact ? null : (
        <p className="muted guarded-reason" role="note">
          {denied}
        </p>
      )}
    </fieldset>
  );
}

/** A link styled as a button that leads to a form the user may not submit: shown disabled, with the reason. */
export function GuardedLink({
  needs: role,
  name,
  some = false,
  href,
  className = "button",
  children,
}: {
  needs: Role;
  name?: string | null;
  some?: boolean;
  href: string;
  className?: string;
  children: ReactNode;
}) {
  const denied = useDenied(role, name, some);
  if (!denied)
    return (
      <Link href={href} className={className}>
        {children}
      </Link>
    );
  return (
    <span className={`${className} disabled`} aria-disabled="true" title={denied} data-needs={role}>
      {children}
    </span>
  );
}
