package ai.puyu.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** The {@code app_user} table. */
interface AppUserRepository extends ListCrudRepository<AppUser, Long> {

    Optional<AppUser> findByUsername(String username);

    List<AppUser> findAllByOrderByUsernameAsc();

    boolean existsByRole(UserRole role);

    long countByRoleAndEnabledIsTrue(UserRole role);

    /** Records a successful sign-in without touching anything else. */
    @Modifying
    @Query("UPDATE app_user SET last_sign_in_at = :at WHERE id = :id")
    int markSignedIn(long id, Instant at);
}
