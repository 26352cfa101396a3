"use client";
import { type ReactNode, useState } from "react";

/** A button that shows its content only once pressed: what is not open is not rendered at all. */
export function Disclosure({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? `Close: ${label.toLowerCase()}` : label}
      </button>
      {open ? <div style={{ marginTop: 12 }}>{children}</div> : null}
    </>
  );
}
