import { Inbox } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/utils";

export type EmptyStateProps = Omit<ComponentProps<"div">, "title"> & {
  title: ReactNode;
  description?: ReactNode;
  /** An icon element; defaults to an inbox. Pass null for none. */
  icon?: ReactNode;
  /** Call to action, e.g. <Button asChild><Link href="/imports/new">Import identities</Link></Button>. */
  action?: ReactNode;
};

/** "Nothing here yet" / "No results": says why it is empty and, when possible, what to do next. */
export function EmptyState({ className, title, description, icon, action, ...props }: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn("flex flex-col items-center justify-center gap-2 px-6 py-12 text-center", className)}
      {...props}
    >
      {icon === undefined ? (
        <div className="mb-1 grid size-10 place-content-center rounded-full bg-muted text-muted-foreground">
          <Inbox className="size-5" aria-hidden="true" />
        </div>
      ) : (
        icon
      )}
      <p className="text-sm font-medium text-foreground">{title}</p>
      {description ? <div className="max-w-sm text-sm text-muted-foreground">{description}</div> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
