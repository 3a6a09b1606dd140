"use client";

import { Check, Copy } from "lucide-react";
import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** A signing secret, shown once: copy it into the receiver now. */
export function SecretOnce({ title, secret, onDone }: { title: string; secret: string; onDone: () => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      // No clipboard API (plain http on a non-local host): select the text for Ctrl+C.
      ref.current?.select();
    }
  }
  return (
    <Alert variant="success" title={title} role="status">
      <p>
        Copy the signing secret into the receiver now: Steward shows it only this once. Receivers check the{" "}
        <code>Steward-Signature</code> header with it (see the README, &ldquo;Verify a webhook signature&rdquo;).
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <Input ref={ref} readOnly value={secret} aria-label="Signing secret" className="max-w-xl flex-1 font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
        <Button size="sm" variant="outline" onClick={copy}>
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
    </Alert>
  );
}
