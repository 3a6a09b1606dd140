import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

export type FieldErrorProps = Omit<ComponentProps<"p">, "children"> & {
  /** The message (e.g. react-hook-form's `errors.name?.message`); nothing renders without one. */
  message?: string | null;
};

/**
 * Validation message under a field. Give it an `id` and point the input at it with
 * `aria-describedby={id}` and `aria-invalid`, so screen readers read the error with the field.
 */
export function FieldError({ message, className, ...props }: FieldErrorProps) {
  if (!message) return null;
  return (
    <p data-slot="field-error" className={cn("text-sm text-destructive", className)} {...props}>
      {message}
    </p>
  );
}
