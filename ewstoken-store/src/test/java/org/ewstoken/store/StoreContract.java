package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do, whatever the database. A subclass supplies the database: each
 * test gets a fresh, empty, migrated one.
 */
abstract class StoreContract {

    /** Deliberately finer than the store's millisecond precision. */
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");
    /** T0 as the store gives it back. */
    static final Instant T0_MS = Instant.parse("2025-03-01T10:00:00.123Z");
    static final String HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

    Store store;

    /** A store over a new, empty database. */
    abstract Store newStore();

    /** Another store over the database of the last {@link #newStore()}, as after a restart. */
    abstract Store reopenStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close(); // null when the test was skipped before it opened one
    }

    static User user(String smtp) {
        return new User(smtp, "Name of " + smtp, UUID.randomUUID(), HASH, T0);
    }

    static AddIn orgAddIn(String id) {
        return new AddIn(id, "Org add-in", Permission.READ_ITEM, "https://addin.example.com",
                Set.of("calendar.read", "mail.read"), true, InstallScope.ORGANIZATION, null, T0);
    }

    static AddIn userAddIn(String id, String owner) {
        return new AddIn(id, "Personal add-in", Permission.READ_WRITE_MAILBOX, "https://mine.example.com",
                Set.of(), true, InstallScope.USER, owner, T0);
    }

    static StoredKey key(String keyId, Instant createdAt) {
        return new StoredKey(keyId, "MIIBcertificate==", "sealed-" + keyId, createdAt, createdAt, null);
    }

    // ================================================================ users

    @Test
    void anAddedUserIsFoundByItsAddressInAnyCase() throws Exception {
        User alice = user("Alice@Example.COM");
        store.addUser(alice);

        assertThat(store.findUser("alice@example.com")).contains(alice);
        assertThat(store.findUser("ALICE@EXAMPLE.COM")).contains(alice);
        assertThat(store.findUser("bob@example.com")).isEmpty();
    }

    @Test
    void aUserRoundTripsEveryFieldWithMillisecondTimestamps() throws Exception {
        User alice = user("alice@example.com");
        store.addUser(alice);

        User found = store.findUser("alice@example.com").orElseThrow();
        assertThat(found.smtpAddress()).isEqualTo("alice@example.com");
        assertThat(found.displayName()).isEqualTo("Name of alice@example.com");
        assertThat(found.exchangeUid()).isEqualTo(alice.exchangeUid());
        assertThat(found.passwordHash()).isEqualTo(HASH);
        assertThat(found.createdAt()).isEqualTo(T0_MS);
    }

    @Test
    void aMailboxWithoutALocalPasswordRoundTripsWithoutOne() throws Exception {
        User dir = User.external("dir@example.com", "Dir User", UUID.randomUUID(), T0);
        store.addUser(dir);

        User found = store.findUser("dir@example.com").orElseThrow();
        assertThat(found.passwordHash()).isNull();
        assertThat(found.hasPassword()).isFalse();
        assertThat(store.findUserByExchangeUid(dir.exchangeUid())).contains(found);
        assertThat(store.findUserByExchangeUid(UUID.randomUUID())).isEmpty();
    }

    @Test
    void aRenamedMailboxKeepsItsExchangeUidItsAddInsAndItsChoices() throws Exception {
        User alice = user("alice@example.com");
        store.addUser(alice);
        store.addUser(user("bob@example.com"));
        String org = "11111111-1111-1111-1111-111111111111";
        String mine = "22222222-2222-2222-2222-222222222222";
        store.addAddIn(orgAddIn(org));
        store.addAddIn(userAddIn(mine, "alice@example.com"));
        store.setUserChoice(org, "alice@example.com", new UserChoice(false, "NoReason", T0));

        assertThat(store.renameUser(alice.exchangeUid(), "Alice.Smith@Example.com", "Alice Smith")).isTrue();

        assertThat(store.findUser("alice@example.com")).isEmpty();
        User renamed = store.findUser("alice.smith@example.com").orElseThrow();
        assertThat(renamed.exchangeUid()).isEqualTo(alice.exchangeUid());
        assertThat(renamed.displayName()).isEqualTo("Alice Smith");
        assertThat(renamed.passwordHash()).isEqualTo(HASH);
        assertThat(store.listAddInsFor("alice.smith@example.com")).extracting(m -> m.addIn().id())
                .containsExactlyInAnyOrder(org, mine);
        assertThat(store.findAddInFor(org, "alice.smith@example.com").orElseThrow().choice()).isNotNull();
        assertThat(store.listUsers()).hasSize(2);
        assertThatThrownBy(() -> store.renameUser(alice.exchangeUid(), "bob@example.com", "x"))
                .isInstanceOf(DuplicateException.class);
        assertThat(store.renameUser(UUID.randomUUID(), "nobody@example.com", "x")).isFalse();
    }

    @Test
    void usersAreListedInAddressOrder() throws Exception {
        store.addUser(user("carol@example.com"));
        store.addUser(user("Alice@example.com"));
        store.addUser(user("bob@example.com"));

        assertThat(store.listUsers()).extracting(User::smtpAddress)
                .containsExactly("alice@example.com", "bob@example.com", "carol@example.com");
    }

    @Test
    void aSecondUserWithTheSameAddressInAnotherCaseIsRefused() throws Exception {
        store.addUser(user("alice@example.com"));

        assertThatThrownBy(() -> store.addUser(user("ALICE@example.com")))
                .isInstanceOf(DuplicateException.class);
        assertThat(store.listUsers()).hasSize(1);
    }

    @Test
    void exchangeUidIsUniqueAcrossUsers() throws Exception {
        User alice = user("alice@example.com");
        store.addUser(alice);
        User impostor = new User("bob@example.com", "Bob", alice.exchangeUid(), HASH, T0);

        assertThatThrownBy(() -> store.addUser(impostor)).isInstanceOf(DuplicateException.class);
        assertThat(store.findUser("bob@example.com")).isEmpty();
    }

    @Test
    void updatingAPasswordHashChangesOnlyThatUser() throws Exception {
        store.addUser(user("alice@example.com"));
        store.addUser(user("bob@example.com"));

        assertThat(store.updatePasswordHash("ALICE@example.com", "new-hash")).isTrue();

        assertThat(store.findUser("alice@example.com").orElseThrow().passwordHash()).isEqualTo("new-hash");
        assertThat(store.findUser("bob@example.com").orElseThrow().passwordHash()).isEqualTo(HASH);
        assertThat(store.updatePasswordHash("nobody@example.com", "new-hash")).isFalse();
    }

    @Test
    void removingAUserReportsWhetherItExisted() throws Exception {
        store.addUser(user("alice@example.com"));

        assertThat(store.removeUser("Alice@Example.com")).isTrue();
        assertThat(store.findUser("alice@example.com")).isEmpty();
        assertThat(store.removeUser("alice@example.com")).isFalse();
    }

    @Test
    void removingAUserRemovesTheAddInsInstalledForThemAlone() throws Exception {
        store.addUser(user("alice@example.com"));
        store.addUser(user("bob@example.com"));
        String alices = "aaaaaaaa-0000-0000-0000-000000000001";
        String bobs = "bbbbbbbb-0000-0000-0000-000000000001";
        String orgs = "cccccccc-0000-0000-0000-000000000001";
        store.addAddIn(userAddIn(alices, "alice@example.com"));
        store.addAddIn(userAddIn(bobs, "bob@example.com"));
        store.addAddIn(orgAddIn(orgs));

        assertThat(store.removeUser("alice@example.com")).isTrue();

        assertThat(store.listAddIns()).extracting(AddIn::id).containsExactlyInAnyOrder(bobs, orgs);
    }

    // ================================================================ add-ins

    @Test
    void anAddInRoundTripsEveryField() throws Exception {
        store.addUser(user("alice@example.com"));
        AddIn org = orgAddIn("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        AddIn mine = new AddIn("11111111-2222-3333-4444-555555555555", "Mine", Permission.READ_WRITE_ITEM,
                "https://mine.example.com/app", Set.of("a", "b.c", "https://x/y"), false, InstallScope.USER,
                "alice@example.com", T0);
        store.addAddIn(org);
        store.addAddIn(mine);

        assertThat(store.findAddIn(org.id())).contains(org);
        assertThat(store.findAddIn(mine.id())).contains(mine);
    }

    @Test
    void anAddInWithoutScopesRoundTripsAnEmptySet() throws Exception {
        AddIn bare = new AddIn("11111111-2222-3333-4444-555555555555", "Bare", Permission.RESTRICTED,
                "https://bare.example.com", Set.of(), true, InstallScope.ORGANIZATION, null, T0);
        store.addAddIn(bare);

        assertThat(store.findAddIn(bare.id()).orElseThrow().allowedScopes()).isEmpty();
    }

    @Test
    void anAddInIsFoundByItsGuidInAnyCase() throws Exception {
        store.addAddIn(orgAddIn("ABCDEF01-2345-6789-ABCD-EF0123456789"));

        assertThat(store.findAddIn("abcdef01-2345-6789-abcd-ef0123456789")).isPresent();
        assertThat(store.findAddIn("ABCDEF01-2345-6789-ABCD-EF0123456789")).isPresent();
        assertThat(store.findAddIn("00000000-0000-0000-0000-000000000000")).isEmpty();
        assertThat(store.findAddIn("not a guid")).isEmpty();
    }

    @Test
    void aSecondAddInWithTheSameIdIsRefused() throws Exception {
        store.addAddIn(orgAddIn("abcdef01-2345-6789-abcd-ef0123456789"));

        assertThatThrownBy(() -> store.addAddIn(orgAddIn("ABCDEF01-2345-6789-ABCD-EF0123456789")))
                .isInstanceOf(DuplicateException.class);
    }

    @Test
    void aUserScopeAddInNeedsAnExistingOwner() {
        assertThatThrownBy(() -> store.addAddIn(userAddIn("abcdef01-2345-6789-abcd-ef0123456789", "ghost@example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owner");
        assertThat(store.listAddIns()).isEmpty();
    }

    @Test
    void addInsAreListedOldestFirst() throws Exception {
        store.addAddIn(orgAddIn("22222222-0000-0000-0000-000000000000"));
        AddIn older = new AddIn("33333333-0000-0000-0000-000000000000", "Older", Permission.READ_ITEM,
                "https://a.example.com", Set.of(), true, InstallScope.ORGANIZATION, null, T0.minusSeconds(60));
        store.addAddIn(older);

        assertThat(store.listAddIns()).extracting(AddIn::id)
                .containsExactly("33333333-0000-0000-0000-000000000000", "22222222-0000-0000-0000-000000000000");
    }

    @Test
    void anAddInCanBeDisabledAndEnabledAgain() throws Exception {
        String id = "abcdef01-2345-6789-abcd-ef0123456789";
        store.addAddIn(orgAddIn(id));

        assertThat(store.setAddInEnabled(id.toUpperCase(), false)).isTrue();
        assertThat(store.findAddIn(id).orElseThrow().enabled()).isFalse();
        assertThat(store.setAddInEnabled(id, true)).isTrue();
        assertThat(store.findAddIn(id).orElseThrow().enabled()).isTrue();
        assertThat(store.setAddInEnabled("00000000-0000-0000-0000-000000000000", false)).isFalse();
    }

    @Test
    void removingAnAddInReportsWhetherItExisted() throws Exception {
        String id = "abcdef01-2345-6789-abcd-ef0123456789";
        store.addAddIn(orgAddIn(id));

        assertThat(store.removeAddIn(id.toUpperCase())).isTrue();
        assertThat(store.findAddIn(id)).isEmpty();
        assertThat(store.removeAddIn(id)).isFalse();
    }

    // ================================================================ add-ins from manifests

    static final String CRM = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    static final byte[] MANIFEST = "<OfficeApp>\u00e9\u0000\u00ff</OfficeApp>".getBytes(StandardCharsets.UTF_8);

    static AddIn manifestAddIn(String id, String owner, String version, boolean mandatory, boolean byDefault) {
        return new AddIn(id, "CRM " + version, Permission.READ_ITEM, "https://crm.example.com/read.html", Set.of(),
                true, owner == null ? InstallScope.ORGANIZATION : InstallScope.USER, owner, T0, version, "Contoso",
                mandatory, byDefault);
    }

    static UserChoice off(String reason) {
        return new UserChoice(false, reason, T0);
    }

    @Test
    void anInstallationKeepsItsManifestBytesAndEveryField() throws Exception {
        AddIn org = manifestAddIn(CRM, null, "1.2.0.0", true, true);
        store.addAddIn(org, MANIFEST);
        store.addAddIn(orgAddIn("abcdef01-2345-6789-abcd-ef0123456789"));

        assertThat(store.findAddIn(CRM)).contains(org);
        assertThat(store.findManifest(CRM.toUpperCase(), null)).hasValueSatisfying(
                bytes -> assertThat(bytes).isEqualTo(MANIFEST));
        assertThat(store.findManifest("abcdef01-2345-6789-abcd-ef0123456789", null)).as("registered without one")
                .isEmpty();
        assertThat(store.findManifest(CRM, "alice@example.com")).isEmpty();
    }

    @Test
    void manyMailboxesMayInstallTheSameAddInButEachOnlyOnce() throws Exception {
        store.addUser(user("alice@example.com"));
        store.addUser(user("bob@example.com"));
        store.addAddIn(manifestAddIn(CRM, "alice@example.com", "1.0", false, true), MANIFEST);
        store.addAddIn(manifestAddIn(CRM, "bob@example.com", "2.0", false, true), "bob's".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.addAddIn(manifestAddIn(CRM, "ALICE@example.com", "3.0", false, true), MANIFEST))
                .isInstanceOf(DuplicateException.class).hasMessageContaining("for this owner");
        assertThat(store.listAddIns()).extracting(AddIn::ownerSmtp, AddIn::version)
                .containsExactly(tuple("alice@example.com", "1.0"), tuple("bob@example.com", "2.0"));
        assertThat(store.findManifest(CRM, "bob@example.com")).hasValueSatisfying(
                b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("bob's"));
    }

    @Test
    void aPersonalCopyOfAnOrganisationAddInIsRefused() throws Exception {
        store.addUser(user("alice@example.com"));
        store.addAddIn(manifestAddIn(CRM, null, "1.0", false, true), MANIFEST);

        assertThatThrownBy(() -> store.addAddIn(manifestAddIn(CRM, "alice@example.com", "2.0", false, true), MANIFEST))
                .isInstanceOf(DuplicateException.class).hasMessageContaining("for the organisation");
        assertThat(store.listAddIns()).hasSize(1);
    }

    @Test
    void installingForTheOrganisationReplacesPersonalCopiesButKeepsChoices() throws Exception {
        store.addUser(user("alice@example.com"));
        store.addUser(user("bob@example.com"));
        store.addAddIn(manifestAddIn(CRM, "alice@example.com", "1.0", false, true), MANIFEST);
        store.addAddIn(manifestAddIn(CRM, "bob@example.com", "1.0", false, true), MANIFEST);
        store.setUserChoice(CRM, "alice@example.com", off("NoReason"));

        store.addAddIn(manifestAddIn(CRM, null, "2.0", false, true), MANIFEST);

        assertThat(store.listAddIns()).extracting(AddIn::scope).containsExactly(InstallScope.ORGANIZATION);
        assertThat(store.findAddInFor(CRM, "alice@example.com").orElseThrow().enabled()).isFalse();
        assertThat(store.findAddInFor(CRM, "bob@example.com").orElseThrow().enabled()).isTrue();
    }

    @Test
    void aMailboxSeesItsOwnAndTheOrganisationsAddInsOnly() throws Exception {
        store.addUser(user("alice@example.com"));
        store.addUser(user("bob@example.com"));
        String orgs = "cccccccc-0000-0000-0000-000000000001";
        String alices = "aaaaaaaa-0000-0000-0000-000000000001";
        String bobs = "bbbbbbbb-0000-0000-0000-000000000001";
        store.addAddIn(orgAddIn(orgs));
        store.addAddIn(manifestAddIn(alices, "alice@example.com", "1.0", false, true), MANIFEST);
        store.addAddIn(manifestAddIn(bobs, "bob@example.com", "1.0", false, true), MANIFEST);

        assertThat(store.listAddInsFor("Alice@Example.com")).extracting(m -> m.addIn().id())
                .containsExactlyInAnyOrder(orgs, alices);
        assertThat(store.findAddInFor(bobs, "alice@example.com")).isEmpty();
        assertThat(store.findAddInFor(alices.toUpperCase(), "alice@example.com")).hasValueSatisfying(m -> {
            assertThat(m.addIn().ownerSmtp()).isEqualTo("alice@example.com");
            assertThat(m.choice()).isNull();
            assertThat(m.enabled()).isTrue();
        });
        assertThat(store.listAddInsFor("nobody@example.com")).extracting(m -> m.addIn().id()).containsExactly(orgs);
    }

    @Test
    void whetherAMailboxGetsAnAddInFollowsTheSwitchMandatoryTheChoiceAndTheDefault() throws Exception {
        store.addUser(user("alice@example.com"));
        store.addUser(user("bob@example.com"));
        String optional = "00000000-0000-0000-0000-00000000000a";
        String offByDefault = "00000000-0000-0000-0000-00000000000b";
        String mandatory = "00000000-0000-0000-0000-00000000000c";
        store.addAddIn(manifestAddIn(optional, null, "1.0", false, true), MANIFEST);
        store.addAddIn(manifestAddIn(offByDefault, null, "1.0", false, false), MANIFEST);
        store.addAddIn(manifestAddIn(mandatory, null, "1.0", true, true), MANIFEST);

        assertThat(store.setUserChoice(optional, "alice@example.com", off("OutlookClientPerformance"))).isTrue();
        assertThat(store.setUserChoice(offByDefault, "alice@example.com", new UserChoice(true, null, T0))).isTrue();
        assertThat(store.setUserChoice(mandatory, "alice@example.com", off("NoReason"))).isTrue();

        assertThat(enabledFor("alice@example.com")).containsExactly(false, true, true);
        assertThat(enabledFor("bob@example.com")).containsExactly(true, false, true);
        assertThat(store.findAddInFor(optional, "alice@example.com").orElseThrow().choice())
                .isEqualTo(off("OutlookClientPerformance"));

        store.setAddInEnabled(mandatory, false);
        assertThat(enabledFor("alice@example.com")).as("the administrator's switch beats everything")
                .containsExactly(false, true, false);

        assertThat(store.clearUserChoice(optional, "alice@example.com")).isTrue();
        assertThat(store.clearUserChoice(optional, "alice@example.com")).isFalse();
        assertThat(enabledFor("alice@example.com")).containsExactly(true, true, false);
    }

    private List<Boolean> enabledFor(String smtp) {
        return store.listAddInsFor(smtp).stream().sorted(java.util.Comparator.comparing(m -> m.addIn().id()))
                .map(MailboxAddIn::enabled).toList();
    }

    @Test
    void aChoiceNeedsAnAddInInstalledForThatMailbox() throws Exception {
        store.addUser(user("alice@example.com"));
        store.addUser(user("bob@example.com"));
        store.addAddIn(manifestAddIn(CRM, "bob@example.com", "1.0", false, true), MANIFEST);

        assertThat(store.setUserChoice(CRM, "alice@example.com", off(null))).as("bob's add-in").isFalse();
        assertThat(store.setUserChoice("00000000-0000-0000-0000-000000000000", "bob@example.com", off(null)))
                .isFalse();
        assertThat(store.setUserChoice(CRM, "bob@example.com", off(null))).isTrue();
        assertThat(store.setUserChoice(CRM, "bob@example.com", new UserChoice(true, null, T0))).as("a change")
                .isTrue();
        assertThat(store.findAddInFor(CRM, "bob@example.com").orElseThrow().choice().enabled()).isTrue();
    }

    @Test
    void anUpgradeReplacesTheInstallationButKeepsCreationTimeAndChoices() throws Exception {
        store.addUser(user("alice@example.com"));
        store.addAddIn(manifestAddIn(CRM, null, "1.0", false, true), MANIFEST);
        store.setUserChoice(CRM, "alice@example.com", off("NoReason"));
        AddIn upgrade = new AddIn(CRM, "CRM two", Permission.READ_WRITE_ITEM, "https://crm.example.com/v2.html",
                Set.of("Mail.Read"), true, InstallScope.ORGANIZATION, null, T0.plusSeconds(3600), "2.0", "Contoso",
                true, true);
        byte[] v2 = "v2".getBytes(StandardCharsets.UTF_8);

        assertThat(store.replaceAddIn(upgrade, v2, "1.5")).as("someone else upgraded meanwhile").isFalse();
        assertThat(store.replaceAddIn(upgrade, v2, "1.0")).isTrue();

        AddIn now = store.findAddIn(CRM).orElseThrow();
        assertThat(now).usingRecursiveComparison().ignoringFields("createdAt").isEqualTo(upgrade);
        assertThat(now.createdAt()).isEqualTo(T0_MS);
        assertThat(store.findManifest(CRM, null)).hasValueSatisfying(b -> assertThat(b).isEqualTo(v2));
        assertThat(store.findAddInFor(CRM, "alice@example.com").orElseThrow().choice()).isEqualTo(off("NoReason"));
        assertThat(store.replaceAddIn(manifestAddIn(CRM, "alice@example.com", "3.0", false, true), v2, "2.0"))
                .as("there is no personal installation to upgrade").isFalse();
    }

    @Test
    void removingOneInstallationLeavesTheOthersAndForgetsItsChoices() throws Exception {
        store.addUser(user("alice@example.com"));
        store.addUser(user("bob@example.com"));
        store.addAddIn(manifestAddIn(CRM, "alice@example.com", "1.0", false, true), MANIFEST);
        store.addAddIn(manifestAddIn(CRM, "bob@example.com", "1.0", false, true), MANIFEST);
        store.setUserChoice(CRM, "alice@example.com", off(null));

        assertThat(store.removeAddIn(CRM, "ALICE@example.com")).isTrue();
        assertThat(store.removeAddIn(CRM, "alice@example.com")).isFalse();
        assertThat(store.removeAddIn(CRM, null)).isFalse();

        assertThat(store.listAddIns()).extracting(AddIn::ownerSmtp).containsExactly("bob@example.com");
        store.addAddIn(manifestAddIn(CRM, "alice@example.com", "1.0", false, true), MANIFEST);
        assertThat(store.findAddInFor(CRM, "alice@example.com").orElseThrow().choice()).as("forgotten").isNull();
    }

    @Test
    void removingAnAddInOrAUserTakesTheirChoicesWithThem() throws Exception {
        store.addUser(user("alice@example.com"));
        store.addAddIn(manifestAddIn(CRM, null, "1.0", false, true), MANIFEST);
        store.setUserChoice(CRM, "alice@example.com", off(null));

        assertThat(store.removeAddIn(CRM)).isTrue();
        store.addAddIn(manifestAddIn(CRM, null, "1.0", false, true), MANIFEST);
        assertThat(store.findAddInFor(CRM, "alice@example.com").orElseThrow().choice()).isNull();

        store.setUserChoice(CRM, "alice@example.com", off(null));
        assertThat(store.removeUser("alice@example.com")).isTrue();
        store.addUser(user("alice@example.com"));
        assertThat(store.findAddInFor(CRM, "alice@example.com").orElseThrow().choice()).isNull();
    }

    // ================================================================ signing keys

    @Test
    void keysRoundTripAndAreListedInCreationOrder() throws Exception {
        StoredKey newer = key("newer", T0.plusSeconds(60));
        StoredKey older = new StoredKey("older", "MIIBolder==", "sealed", T0, T0.plusSeconds(5), T0.plusSeconds(90));
        store.addKey(newer);
        store.addKey(older);

        assertThat(store.listKeys()).containsExactly(older, newer);
    }

    @Test
    void aSecondKeyWithTheSameKeyIdIsRefused() throws Exception {
        store.addKey(key("k1", T0));

        assertThatThrownBy(() -> store.addKey(key("k1", T0.plusSeconds(1))))
                .isInstanceOf(DuplicateException.class);
        assertThat(store.listKeys()).hasSize(1);
    }

    @Test
    void aKeyIsRetiredOnlyOnce() throws Exception {
        store.addKey(key("k1", T0_MS));
        Instant first = T0_MS.plus(Duration.ofDays(1));

        assertThat(store.retireKey("k1", first)).isTrue();
        assertThat(store.retireKey("k1", first.plusSeconds(1))).isFalse();
        assertThat(store.listKeys().get(0).retiredAt()).isEqualTo(first);
        assertThat(store.retireKey("unknown", first)).isFalse();
    }

    @Test
    void deletingAKeyReportsWhetherItExisted() throws Exception {
        store.addKey(key("k1", T0_MS));

        assertThat(store.deleteKey("k1")).isTrue();
        assertThat(store.listKeys()).isEmpty();
        assertThat(store.deleteKey("k1")).isFalse();
    }

    @Test
    void rotationRetiresEverySigningKeyWhenTheNewOneActivatesAndAddsIt() throws Exception {
        Instant longAgo = T0_MS.minus(Duration.ofDays(30));
        store.addKey(new StoredKey("old", "c", "s", longAgo, longAgo, T0_MS.minus(Duration.ofDays(1))));
        store.addKey(key("current", T0_MS.minus(Duration.ofDays(2))));
        store.addKey(key("standby", T0_MS.minus(Duration.ofDays(1))));
        Instant activates = T0_MS.plus(Duration.ofHours(1));
        StoredKey next = new StoredKey("next", "c", "s", T0_MS, activates, null);

        store.rotateKey(next);

        assertThat(store.listKeys()).extracting(StoredKey::keyId, StoredKey::retiredAt).containsExactly(
                tuple("old", T0_MS.minus(Duration.ofDays(1))),
                tuple("current", activates),
                tuple("standby", activates),
                tuple("next", null));
    }

    @Test
    void aFailedRotationChangesNothing() throws Exception {
        store.addKey(key("current", T0_MS));
        StoredKey clash = key("current", T0_MS.plusSeconds(60));

        assertThatThrownBy(() -> store.rotateKey(clash)).isInstanceOf(IllegalArgumentException.class);

        // The retiring UPDATE ran before the insert failed, and was rolled back with it.
        assertThat(store.listKeys()).extracting(StoredKey::retiredAt).containsOnlyNulls();
    }

    @Test
    void rotationRefusesANewKeyThatIsAlreadyRetired() {
        StoredKey retired = new StoredKey("k", "c", "s", T0_MS, T0_MS, T0_MS.plusSeconds(1));

        assertThatThrownBy(() -> store.rotateKey(retired)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConditionalRotationRotatesOnlyIfNoKeyWasCreatedSinceTheGivenInstant() throws Exception {
        store.addKey(key("current", T0_MS));
        Instant activates = T0_MS.plus(Duration.ofDays(30)).plus(Duration.ofMinutes(10));
        StoredKey next = new StoredKey("next", "c", "s", T0_MS.plus(Duration.ofDays(30)), activates, null);

        assertThat(store.rotateKeyUnlessCreatedSince(T0_MS.plusMillis(1), next)).isTrue();
        assertThat(store.rotateKeyUnlessCreatedSince(T0_MS.plusMillis(1),
                key("again", T0_MS.plus(Duration.ofDays(31))))).isFalse();

        assertThat(store.listKeys()).extracting(StoredKey::keyId, StoredKey::retiredAt)
                .containsExactly(tuple("current", activates), tuple("next", null));
    }

    @Test
    void concurrentConditionalRotationsCreateExactlyOneKey() throws Exception {
        store.addKey(key("initial", T0));
        Instant since = T0.plus(Duration.ofDays(30));

        List<Boolean> rotated = runConcurrently(6, i ->
                store.rotateKeyUnlessCreatedSince(since, key("node-" + i, since.plusSeconds(1))));

        assertThat(rotated).containsOnlyOnce(true);
        assertThat(store.listKeys()).hasSize(2).filteredOn(k -> k.retiredAt() == null).hasSize(1);
    }

    // ================================================================ settings

    @Test
    void aSettingIsSetOnceAndThenKeepsItsFirstValue() {
        assertThat(store.setting("metadata.id")).isEmpty();

        assertThat(store.settingIfAbsent("metadata.id", "first")).isEqualTo("first");
        assertThat(store.settingIfAbsent("metadata.id", "second")).isEqualTo("first");
        assertThat(store.setting("metadata.id")).contains("first");
    }

    @Test
    void concurrentSettersAllAgreeOnOneValue() throws Exception {
        List<String> answers = runConcurrently(8, i -> store.settingIfAbsent("metadata.id", "value-" + i));

        assertThat(new HashSet<>(answers)).hasSize(1);
        assertThat(store.setting("metadata.id")).contains(answers.get(0));
    }

    // ================================================================ concurrency

    @Test
    void eightThreadsAddingUsersAllSucceed() throws Exception {
        int perThread = 25;
        runConcurrently(8, t -> {
            for (int i = 0; i < perThread; i++) {
                store.addUser(user("user" + t + "-" + i + "@example.com"));
            }
            return null;
        });

        assertThat(store.listUsers()).hasSize(8 * perThread);
    }

    // ================================================================ lifecycle

    @Test
    void dataSurvivesCloseAndReopen() throws Exception {
        User alice = user("alice@example.com");
        AddIn addIn = userAddIn("abcdef01-2345-6789-abcd-ef0123456789", "alice@example.com");
        StoredKey key = key("k1", T0);
        store.addUser(alice);
        store.addAddIn(addIn);
        store.addKey(key);
        store.settingIfAbsent("metadata.id", "doc-1");
        store.close();

        store = reopenStore();

        assertThat(store.findUser("alice@example.com")).contains(alice);
        assertThat(store.findAddIn(addIn.id())).contains(addIn);
        assertThat(store.listKeys()).containsExactly(key);
        assertThat(store.setting("metadata.id")).contains("doc-1");
    }

    @Test
    void isHealthyWhileOpenAndNotAfterClose() {
        assertThat(store.isHealthy()).isTrue();

        store.close();

        assertThat(store.isHealthy()).isFalse();
    }

    @Test
    void failuresNameTheOperationButNoParameterValues() {
        store.close();
        User secretive = new User("alice@example.com", "Alice", UUID.randomUUID(), "SECRET-HASH", T0);

        assertThatThrownBy(() -> store.addUser(secretive))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("add user failed")
                .satisfies(e -> assertNoValueInChain(e, "SECRET-HASH", "alice@example.com"));
        assertThatThrownBy(() -> store.updatePasswordHash("alice@example.com", "SECRET-HASH"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("update password hash failed")
                .satisfies(e -> assertNoValueInChain(e, "SECRET-HASH", "alice@example.com"));
        assertThatThrownBy(() -> store.settingIfAbsent("secret.name", "SECRET-VALUE"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("write setting failed")
                .satisfies(e -> assertNoValueInChain(e, "SECRET-VALUE", "secret.name"));
    }

    // ================================================================ helpers

    static void assertNoValueInChain(Throwable e, String... values) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(values);
        }
    }

    @FunctionalInterface
    interface Task<T> {
        T run(int threadIndex) throws Exception;
    }

    /** Runs {@code task} on {@code threads} threads released together; returns their results in order. */
    static <T> List<T> runConcurrently(int threads, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
