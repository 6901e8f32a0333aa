package ai.puyu.audit;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.Repository;

/**
 * The audit table. Deliberately not a CrudRepository: entries can be added and read, never updated or
 * deleted (append-only). Table name derived ({@code audit_entry}): an explicit lower-case name would be quoted
 * and miss H2's upper-case table.
 */
interface AuditRepository extends Repository<AuditEntry, Long> {

    AuditEntry save(AuditEntry entry);

    Page<AuditEntry> findAllBy(Pageable pageable);

    Page<AuditEntry> findByActor(String actor, Pageable pageable);

    Page<AuditEntry> findByAction(String action, Pageable pageable);

    Page<AuditEntry> findByActorAndAction(String actor, String action, Pageable pageable);

    long count();
}
