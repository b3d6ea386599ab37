package io.uidalloc.service.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Jib configuration of the project's images, read from the poms as written. The effective pom would need Maven's
 * model builder; the configuration lives in one place per module (its {@code images} profile), so the XML is enough.
 */
final class ImageConfiguration {

    static final List<String> MODULES_WITH_IMAGES = List.of("allocator-service", "node-client");
    static final List<String> ALL_POMS =
            List.of("pom.xml", "db/pom.xml", "contract/pom.xml", "allocator-service/pom.xml", "node-client/pom.xml");

    private static final String JIB = "jib-maven-plugin";
    private static final XPath XPATH = XPathFactory.newInstance().newXPath();

    private ImageConfiguration() {}

    static Document pom(String relative) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Poms declare the Maven namespace; without namespace awareness XPath can use the plain element names.
            factory.setNamespaceAware(false);
            return factory.newDocumentBuilder()
                    .parse(DeploymentFiles.file(relative).toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + relative + " as XML: " + e.getMessage(), e);
        }
    }

    static String projectVersion() {
        return text(pom("pom.xml"), "/project/version");
    }

    /** The module's {@code images} profile's Jib {@code <configuration>}. */
    static Element jibConfiguration(String module) {
        Element configuration = (Element) evaluate(
                pom(module + "/pom.xml"),
                "/project/profiles/profile[id='images']/build/plugins/plugin[artifactId='" + JIB + "']/configuration",
                XPathConstants.NODE);
        if (configuration == null) {
            throw new IllegalStateException(module + "/pom.xml has no " + JIB + " configuration in profile 'images'");
        }
        return configuration;
    }

    /** Module to {@code <to><image>}, as written ({@code uidalloc/node-client:${project.version}}). */
    static Map<String, String> projectImages() {
        Map<String, String> images = new LinkedHashMap<>();
        for (String module : MODULES_WITH_IMAGES) {
            images.put(module, text(jibConfiguration(module), "to/image"));
        }
        return images;
    }

    static String text(Object context, String expression) {
        return ((String) evaluate(context, expression, XPathConstants.STRING)).strip();
    }

    static List<String> texts(Object context, String expression) {
        NodeList nodes = (NodeList) evaluate(context, expression, XPathConstants.NODESET);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().strip());
        }
        return texts;
    }

    static int count(Object context, String expression) {
        return ((Double) evaluate(context, "count(" + expression + ")", XPathConstants.NUMBER)).intValue();
    }

    private static Object evaluate(Object context, String expression, javax.xml.namespace.QName type) {
        try {
            return XPATH.evaluate(expression, context, type);
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("bad XPath " + expression + ": " + e.getMessage(), e);
        }
    }
}
