package dev.signet.ca;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CA's package dependencies, as the code is meant to be layered:
 * <pre>
 *   web  ->  ra  ->  va
 *    |        \---->  signer  ->  audit  ->  storage  ->  error
 *   home ------------/  \-----------\---------> config
 * </pre>
 * The web front end holds no policy: it reaches storage and the signer only for the non-ACME endpoints (health,
 * roots) and its own nonces; the registration authority (ra) decides; the validation authority (va) only validates
 * and knows nothing but errors.
 * plus the rule that matters most: only the signer package builds certificates or touches the CA's keys.
 */
class ArchitectureTest {
    private static final String CA = "dev.signet.ca..";
    private static final String WEB = "dev.signet.ca.web..";
    private static final String HOME = "dev.signet.ca.home..";
    private static final String RA = "dev.signet.ca.ra..";
    private static final String VA = "dev.signet.ca.va..";
    private static final String SIGNER = "dev.signet.ca.signer..";
    private static final String AUDIT = "dev.signet.ca.audit..";
    private static final String STORAGE = "dev.signet.ca.storage..";
    private static final String CONFIG = "dev.signet.ca.config..";
    private static final String ERROR = "dev.signet.ca.error..";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // the rules are about names of classes and packages; there is no need to import the whole class path
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.signet.ca");
    }

    @Test
    void layers() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("web").definedBy(WEB)
                .layer("home").definedBy(HOME)
                .layer("ra").definedBy(RA)
                .layer("va").definedBy(VA)
                .layer("signer").definedBy(SIGNER)
                .layer("audit").definedBy(AUDIT)
                .layer("storage").definedBy(STORAGE)
                .layer("config").definedBy(CONFIG)
                .layer("error").definedBy(ERROR)
                .whereLayer("web").mayNotBeAccessedByAnyLayer()
                .whereLayer("home").mayNotBeAccessedByAnyLayer()
                .whereLayer("ra").mayOnlyBeAccessedByLayers("web")
                .whereLayer("va").mayOnlyBeAccessedByLayers("ra")
                .whereLayer("signer").mayOnlyBeAccessedByLayers("web", "home", "ra")
                .whereLayer("audit").mayOnlyBeAccessedByLayers("signer", "web", "home", "ra")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("audit", "signer", "web", "home", "ra")
                .check(classes);
    }

    @Test
    void webUsesOnlyTheLayersBelowIt() {
        classes().that().resideInAPackage(WEB)
                .should().onlyDependOnClassesThat(resideInAnyPackage(WEB, RA, SIGNER, STORAGE, CONFIG, ERROR, AUDIT)
                        .or(resideOutsideOfPackage(CA)))
                .because("the web front end may use ra, signer, storage, config, error and audit, but not home or va")
                .check(classes);
    }

    @Test
    void validationAuthorityKnowsOnlyErrors() {
        classes().that().resideInAPackage(VA)
                .should().onlyDependOnClassesThat(resideInAnyPackage(VA, ERROR).or(resideOutsideOfPackage(CA)))
                .because("the validation authority checks challenges and returns results; it holds no state or policy")
                .check(classes);
    }

    @Test
    void registrationAuthorityDoesNotKnowTheWeb() {
        noClasses().that().resideInAPackage(RA)
                .should().dependOnClassesThat().resideInAnyPackage(WEB, HOME)
                .because("policy must not depend on HTTP or JWS details")
                .check(classes);
    }

    @Test
    void onlyTheWebFrontEndSpeaksJetty() {
        noClasses().that().resideInAnyPackage(RA, VA, SIGNER, STORAGE, AUDIT, CONFIG, ERROR)
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
                .check(classes);
    }

    @Test
    void signerDoesNotKnowTheWebOrHome() {
        noClasses().that().resideInAPackage(SIGNER)
                .should().dependOnClassesThat().resideInAnyPackage(WEB, HOME, RA, VA)
                .check(classes);
    }

    @Test
    void storageIsBelowSignerWebAuditAndHome() {
        noClasses().that().resideInAPackage(STORAGE)
                .should().dependOnClassesThat().resideInAnyPackage(SIGNER, WEB, AUDIT, HOME, RA, VA)
                .check(classes);
    }

    @Test
    void auditDoesNotKnowSignerWebOrHome() {
        noClasses().that().resideInAPackage(AUDIT)
                .should().dependOnClassesThat().resideInAnyPackage(SIGNER, WEB, HOME, RA, VA)
                .check(classes);
    }

    @Test
    void configStandsAlone() {
        noClasses().that().resideInAPackage(CONFIG)
                .should().dependOnClassesThat().resideInAnyPackage(SIGNER, STORAGE, WEB, AUDIT, HOME, RA, VA)
                .check(classes);
    }

    @Test
    void errorDependsOnNothingElseInTheCa() {
        noClasses().that().resideInAPackage(ERROR)
                .should().dependOnClassesThat(resideInCaOutside(ERROR))
                .check(classes);
    }

    @Test
    void onlyTheSignerBuildsCertificates() {
        noClasses().that().resideInAPackage(CA).and().resideOutsideOfPackage(SIGNER)
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.signet.pki.CertificateBuilder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.signet.pki.CrlBuilder")
                .because("certificates and CRLs are signed with CA keys only inside dev.signet.ca.signer")
                .check(classes);
    }

    @Test
    void onlySignerAndHomeTouchTheCaKeys() {
        noClasses().that().resideInAPackage(CA).and().resideOutsideOfPackages(SIGNER, HOME)
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.signet.ca.signer.CaKeyFiles")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.signet.ca.signer.CaHierarchy")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.signet.ca.signer.CaHierarchyFactory")
                .because("the CA's private keys are loaded, held and written only by the signer and the initialiser")
                .check(classes);
    }

    @Test
    void classesThatSignThemselvesNeverHoldCaKeys() {
        // web.ServerCertificateRotator signs its own CSR with its own key: allowed, as long as it cannot reach a CA key.
        noClasses().that(dependOn("dev.signet.pki.CertificationRequests")).and().resideInAPackage(CA)
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.signet.ca.signer.CaKeyFiles")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.signet.ca.signer.CaHierarchy")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.signet.ca.signer.CaHierarchyFactory")
                .check(classes);
    }

    private static DescribedPredicate<JavaClass> resideInCaOutside(String packageIdentifier) {
        String own = packageIdentifier.substring(0, packageIdentifier.length() - 2);
        return DescribedPredicate.describe("reside in dev.signet.ca.. outside " + packageIdentifier,
                c -> c.getPackageName().startsWith("dev.signet.ca")
                        && !(c.getPackageName().equals(own) || c.getPackageName().startsWith(own + ".")));
    }

    private static DescribedPredicate<JavaClass> dependOn(String className) {
        return DescribedPredicate.describe("depend on " + className,
                c -> c.getDirectDependenciesFromSelf().stream().anyMatch(d -> d.getTargetClass().getName().equals(className)));
    }
}
