import { CircleCheck, CircleX, Info, TriangleExclamationPoint } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/utils";

const variants = {
  info: { className: "border-info-border bg-info-subtle text-info-foreground", icon: Info },
  success: { className: "border-success-border bg-success-subtle text-success-foreground", icon: CircleCheck },
  warning: { className: "border-medium-border bg-medium-subtle text-medium-foreground", icon: TriangleExclamationPoint },
  destructive: { className: "border-critical-border bg-critical-subtle text-critical-foreground", icon: CircleX },
} as const;

export type AlertVariant = keyof typeof variants;

export type AlertProps = Omit<ComponentProps<"div">, "title"> & {
  variant?: AlertVariant;
  title?: ReactNode;
  /** Replace the variant's icon, or pass null for none. */
  icon?: ReactNode;
};

/**
 * A static message box. Errors use role="alert" so they are announced when they appear (e.g. after a failed
 * submit); the other variants use role="status", which is polite and does not interrupt.
 */
export function Alert({ className, variant = "info", title, icon, children, role, ...props }: AlertProps) {
  const { className: variantClass, icon: Icon } = variants[variant];
  return (
    <div
      data-slot="alert"
      role={role ?? (variant === "destructive" ? "alert" : "status")}
      className={cn("flex gap-3 rounded-lg border px-4 py-3 text-sm", variantClass, className)}
      {...props}
    >
      {icon === undefined ? <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" /> : icon}
      <div className="flex min-w-0 flex-col gap-1">
        {title ? <p className="font-medium leading-tight">{title}</p> : null}
        {children ? <div className="[&_p]:leading-relaxed">{children}</div> : null}
      </div>
    </div>
  );
}
