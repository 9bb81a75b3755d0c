package org.ewstoken.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.ewstoken.store.StoreFixtures.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the add-ins area ({@link AddInStore}) of every {@link Store} must do, whatever the database:
 * {@link StoreContract} runs it on each database with a fresh, empty, migrated store per test.
 */
interface AddInStoreContract {

    /** The store under test. */
    Store store();

    @Test
    default void anAddInRoundTripsEveryField() throws Exception {
        store().addUser(user("alice@example.com"));
        AddIn org = orgAddIn("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        AddIn mine = new AddIn("11111111-2222-3333-4444-555555555555", "Mine", Permission.READ_WRITE_ITEM,
                "https://mine.example.com/app", Set.of("a", "b.c", "https://x/y"), false, InstallScope.USER,
                "alice@example.com", T0);
        store().addAddIn(org);
        store().addAddIn(mine);

        assertThat(store().findAddIn(org.id())).contains(org);
        assertThat(store().findAddIn(mine.id())).contains(mine);
    }

    @Test
    default void anAddInWithoutScopesRoundTripsAnEmptySet() throws Exception {
        AddIn bare = new AddIn("11111111-2222-3333-4444-555555555555", "Bare", Permission.RESTRICTED,
                "https://bare.example.com", Set.of(), true, InstallScope.ORGANIZATION, null, T0);
        store().addAddIn(bare);

        assertThat(store().findAddIn(bare.id()).orElseThrow().allowedScopes()).isEmpty();
    }

    @Test
    default void anAddInIsFoundByItsGuidInAnyCase() throws Exception {
        store().addAddIn(orgAddIn("ABCDEF01-2345-6789-ABCD-EF0123456789"));

        assertThat(store().findAddIn("abcdef01-2345-6789-abcd-ef0123456789")).isPresent();
        assertThat(store().findAddIn("ABCDEF01-2345-6789-ABCD-EF0123456789")).isPresent();
        assertThat(store().findAddIn("00000000-0000-0000-0000-000000000000")).isEmpty();
        assertThat(store().findAddIn("not a guid")).isEmpty();
    }

    @Test
    default void aSecondAddInWithTheSameIdIsRefused() throws Exception {
        store().addAddIn(orgAddIn("abcdef01-2345-6789-abcd-ef0123456789"));

        assertThatThrownBy(() -> store().addAddIn(orgAddIn("ABCDEF01-2345-6789-ABCD-EF0123456789")))
                .isInstanceOf(DuplicateException.class);
    }

    @Test
    default void aUserScopeAddInNeedsAnExistingOwner() {
        assertThatThrownBy(() -> store().addAddIn(userAddIn("abcdef01-2345-6789-abcd-ef0123456789", "ghost@example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owner");
        assertThat(store().listAddIns()).isEmpty();
    }

    @Test
    default void addInsAreListedOldestFirst() throws Exception {
        store().addAddIn(orgAddIn("22222222-0000-0000-0000-000000000000"));
        AddIn older = new AddIn("33333333-0000-0000-0000-000000000000", "Older", Permission.READ_ITEM,
                "https://a.example.com", Set.of(), true, InstallScope.ORGANIZATION, null, T0.minusSeconds(60));
        store().addAddIn(older);

        assertThat(store().listAddIns()).extracting(AddIn::id)
                .containsExactly("33333333-0000-0000-0000-000000000000", "22222222-0000-0000-0000-000000000000");
    }

    @Test
    default void anAddInCanBeDisabledAndEnabledAgain() throws Exception {
        String id = "abcdef01-2345-6789-abcd-ef0123456789";
        store().addAddIn(orgAddIn(id));

        assertThat(store().setAddInEnabled(id.toUpperCase(), false)).isTrue();
        assertThat(store().findAddIn(id).orElseThrow().enabled()).isFalse();
        assertThat(store().setAddInEnabled(id, true)).isTrue();
        assertThat(store().findAddIn(id).orElseThrow().enabled()).isTrue();
        assertThat(store().setAddInEnabled("00000000-0000-0000-0000-000000000000", false)).isFalse();
    }

    @Test
    default void removingAnAddInReportsWhetherItExisted() throws Exception {
        String id = "abcdef01-2345-6789-abcd-ef0123456789";
        store().addAddIn(orgAddIn(id));

        assertThat(store().removeAddIn(id.toUpperCase())).isTrue();
        assertThat(store().findAddIn(id)).isEmpty();
        assertThat(store().removeAddIn(id)).isFalse();
    }





    @Test
    default void anInstallationKeepsItsManifestBytesAndEveryField() throws Exception {
        AddIn org = manifestAddIn(CRM, null, "1.2.0.0", true, true);
        store().addAddIn(org, MANIFEST);
        store().addAddIn(orgAddIn("abcdef01-2345-6789-abcd-ef0123456789"));

        assertThat(store().findAddIn(CRM)).contains(org);
        assertThat(store().findManifest(CRM.toUpperCase(), null)).hasValueSatisfying(
                bytes -> assertThat(bytes).isEqualTo(MANIFEST));
        assertThat(store().findManifest("abcdef01-2345-6789-abcd-ef0123456789", null)).as("registered without one")
                .isEmpty();
        assertThat(store().findManifest(CRM, "alice@example.com")).isEmpty();
    }

    @Test
    default void manyMailboxesMayInstallTheSameAddInButEachOnlyOnce() throws Exception {
        addUsers(store(), "alice@example.com", "bob@example.com");
        store().addAddIn(manifestAddIn(CRM, "alice@example.com", "1.0", false, true), MANIFEST);
        store().addAddIn(manifestAddIn(CRM, "bob@example.com", "2.0", false, true), "bob's".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store().addAddIn(manifestAddIn(CRM, "ALICE@example.com", "3.0", false, true), MANIFEST))
                .isInstanceOf(DuplicateException.class).hasMessageContaining("for this owner");
        assertThat(store().listAddIns()).extracting(AddIn::ownerSmtp, AddIn::version)
                .containsExactly(tuple("alice@example.com", "1.0"), tuple("bob@example.com", "2.0"));
        assertThat(store().findManifest(CRM, "bob@example.com")).hasValueSatisfying(
                b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("bob's"));
    }

    @Test
    default void aPersonalCopyOfAnOrganisationAddInIsRefused() throws Exception {
        store().addUser(user("alice@example.com"));
        store().addAddIn(manifestAddIn(CRM, null, "1.0", false, true), MANIFEST);

        assertThatThrownBy(() -> store().addAddIn(manifestAddIn(CRM, "alice@example.com", "2.0", false, true), MANIFEST))
                .isInstanceOf(DuplicateException.class).hasMessageContaining("for the organisation");
        assertThat(store().listAddIns()).hasSize(1);
    }

    @Test
    default void installingForTheOrganisationReplacesPersonalCopiesButKeepsChoices() throws Exception {
        addUsers(store(), "alice@example.com", "bob@example.com");
        store().addAddIn(manifestAddIn(CRM, "alice@example.com", "1.0", false, true), MANIFEST);
        store().addAddIn(manifestAddIn(CRM, "bob@example.com", "1.0", false, true), MANIFEST);
        store().setUserChoice(CRM, "alice@example.com", off("NoReason"));

        store().addAddIn(manifestAddIn(CRM, null, "2.0", false, true), MANIFEST);

        assertThat(store().listAddIns()).extracting(AddIn::scope).containsExactly(InstallScope.ORGANIZATION);
        assertThat(store().findAddInFor(CRM, "alice@example.com").orElseThrow().enabled()).isFalse();
        assertThat(store().findAddInFor(CRM, "bob@example.com").orElseThrow().enabled()).isTrue();
    }

    @Test
    default void aMailboxSeesItsOwnAndTheOrganisationsAddInsOnly() throws Exception {
        addUsers(store(), "alice@example.com", "bob@example.com");
        String orgs = "cccccccc-0000-0000-0000-000000000001";
        String alices = "aaaaaaaa-0000-0000-0000-000000000001";
        String bobs = "bbbbbbbb-0000-0000-0000-000000000001";
        store().addAddIn(orgAddIn(orgs));
        store().addAddIn(manifestAddIn(alices, "alice@example.com", "1.0", false, true), MANIFEST);
        store().addAddIn(manifestAddIn(bobs, "bob@example.com", "1.0", false, true), MANIFEST);

        assertThat(store().listAddInsFor("Alice@Example.com")).extracting(m -> m.addIn().id())
                .containsExactlyInAnyOrder(orgs, alices);
        assertThat(store().findAddInFor(bobs, "alice@example.com")).isEmpty();
        assertThat(store().findAddInFor(alices.toUpperCase(), "alice@example.com")).hasValueSatisfying(m -> {
            assertThat(m.addIn().ownerSmtp()).isEqualTo("alice@example.com");
            assertThat(m.choice()).isNull();
            assertThat(m.enabled()).isTrue();
        });
        assertThat(store().listAddInsFor("nobody@example.com")).extracting(m -> m.addIn().id()).containsExactly(orgs);
    }

    @Test
    default void whetherAMailboxGetsAnAddInFollowsTheSwitchMandatoryTheChoiceAndTheDefault() throws Exception {
        addUsers(store(), "alice@example.com", "bob@example.com");
        String optional = "00000000-0000-0000-0000-00000000000a";
        String offByDefault = "00000000-0000-0000-0000-00000000000b";
        String mandatory = "00000000-0000-0000-0000-00000000000c";
        store().addAddIn(manifestAddIn(optional, null, "1.0", false, true), MANIFEST);
        store().addAddIn(manifestAddIn(offByDefault, null, "1.0", false, false), MANIFEST);
        store().addAddIn(manifestAddIn(mandatory, null, "1.0", true, true), MANIFEST);

        assertThat(store().setUserChoice(optional, "alice@example.com", off("OutlookClientPerformance"))).isTrue();
        assertThat(store().setUserChoice(offByDefault, "alice@example.com", new UserChoice(true, null, T0))).isTrue();
        assertThat(store().setUserChoice(mandatory, "alice@example.com", off("NoReason"))).isTrue();

        assertThat(enabledFor("alice@example.com")).containsExactly(false, true, true);
        assertThat(enabledFor("bob@example.com")).containsExactly(true, false, true);
        assertThat(store().findAddInFor(optional, "alice@example.com").orElseThrow().choice())
                .isEqualTo(off("OutlookClientPerformance"));

        store().setAddInEnabled(mandatory, false);
        assertThat(enabledFor("alice@example.com")).as("the administrator's switch beats everything")
                .containsExactly(false, true, false);

        assertThat(store().clearUserChoice(optional, "alice@example.com")).isTrue();
        assertThat(store().clearUserChoice(optional, "alice@example.com")).isFalse();
        assertThat(enabledFor("alice@example.com")).containsExactly(true, true, false);
    }

    private List<Boolean> enabledFor(String smtp) {
        return store().listAddInsFor(smtp).stream().sorted(java.util.Comparator.comparing(m -> m.addIn().id()))
                .map(MailboxAddIn::enabled).toList();
    }

    @Test
    default void aChoiceNeedsAnAddInInstalledForThatMailbox() throws Exception {
        addUsers(store(), "alice@example.com", "bob@example.com");
        store().addAddIn(manifestAddIn(CRM, "bob@example.com", "1.0", false, true), MANIFEST);

        assertThat(store().setUserChoice(CRM, "alice@example.com", off(null))).as("bob's add-in").isFalse();
        assertThat(store().setUserChoice("00000000-0000-0000-0000-000000000000", "bob@example.com", off(null)))
                .isFalse();
        assertThat(store().setUserChoice(CRM, "bob@example.com", off(null))).isTrue();
        assertThat(store().setUserChoice(CRM, "bob@example.com", new UserChoice(true, null, T0))).as("a change")
                .isTrue();
        assertThat(store().findAddInFor(CRM, "bob@example.com").orElseThrow().choice().enabled()).isTrue();
    }

    @Test
    default void anUpgradeReplacesTheInstallationButKeepsCreationTimeAndChoices() throws Exception {
        store().addUser(user("alice@example.com"));
        store().addAddIn(manifestAddIn(CRM, null, "1.0", false, true), MANIFEST);
        store().setUserChoice(CRM, "alice@example.com", off("NoReason"));
        AddIn upgrade = new AddIn(CRM, "CRM two", Permission.READ_WRITE_ITEM, "https://crm.example.com/v2.html",
                Set.of("Mail.Read"), true, InstallScope.ORGANIZATION, null, T0.plusSeconds(3600), "2.0", "Contoso",
                true, true);
        byte[] v2 = "v2".getBytes(StandardCharsets.UTF_8);

        assertThat(store().replaceAddIn(upgrade, v2, "1.5")).as("someone else upgraded meanwhile").isFalse();
        assertThat(store().replaceAddIn(upgrade, v2, "1.0")).isTrue();

        AddIn now = store().findAddIn(CRM).orElseThrow();
        assertThat(now).usingRecursiveComparison().ignoringFields("createdAt").isEqualTo(upgrade);
        assertThat(now.createdAt()).isEqualTo(T0_MS);
        assertThat(store().findManifest(CRM, null)).hasValueSatisfying(b -> assertThat(b).isEqualTo(v2));
        assertThat(store().findAddInFor(CRM, "alice@example.com").orElseThrow().choice()).isEqualTo(off("NoReason"));
        assertThat(store().replaceAddIn(manifestAddIn(CRM, "alice@example.com", "3.0", false, true), v2, "2.0"))
                .as("there is no personal installation to upgrade").isFalse();
    }

    @Test
    default void removingOneInstallationLeavesTheOthersAndForgetsItsChoices() throws Exception {
        addUsers(store(), "alice@example.com", "bob@example.com");
        store().addAddIn(manifestAddIn(CRM, "alice@example.com", "1.0", false, true), MANIFEST);
        store().addAddIn(manifestAddIn(CRM, "bob@example.com", "1.0", false, true), MANIFEST);
        store().setUserChoice(CRM, "alice@example.com", off(null));

        assertThat(store().removeAddIn(CRM, "ALICE@example.com")).isTrue();
        assertThat(store().removeAddIn(CRM, "alice@example.com")).isFalse();
        assertThat(store().removeAddIn(CRM, null)).isFalse();

        assertThat(store().listAddIns()).extracting(AddIn::ownerSmtp).containsExactly("bob@example.com");
        store().addAddIn(manifestAddIn(CRM, "alice@example.com", "1.0", false, true), MANIFEST);
        assertThat(store().findAddInFor(CRM, "alice@example.com").orElseThrow().choice()).as("forgotten").isNull();
    }

    @Test
    default void removingAnAddInOrAUserTakesTheirChoicesWithThem() throws Exception {
        store().addUser(user("alice@example.com"));
        store().addAddIn(manifestAddIn(CRM, null, "1.0", false, true), MANIFEST);
        store().setUserChoice(CRM, "alice@example.com", off(null));

        assertThat(store().removeAddIn(CRM)).isTrue();
        store().addAddIn(manifestAddIn(CRM, null, "1.0", false, true), MANIFEST);
        assertThat(store().findAddInFor(CRM, "alice@example.com").orElseThrow().choice()).isNull();

        store().setUserChoice(CRM, "alice@example.com", off(null));
        assertThat(store().removeUser("alice@example.com")).isTrue();
        store().addUser(user("alice@example.com"));
        assertThat(store().findAddInFor(CRM, "alice@example.com").orElseThrow().choice()).isNull();
    }
}
