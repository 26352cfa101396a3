"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-renders the server components of the page every few seconds (for lists and counts). */
export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, seconds * 1000);
    return () => clearInterval(t);
  }, [router, seconds]);
  return null;
}
