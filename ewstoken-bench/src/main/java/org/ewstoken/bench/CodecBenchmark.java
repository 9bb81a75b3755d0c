package org.ewstoken.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ewstoken.protocol.EwsRequest;
import org.ewstoken.protocol.ParserLimits;
import org.ewstoken.protocol.ServerVersionInfo;
import org.ewstoken.protocol.SoapRequestReader;
import org.ewstoken.protocol.SoapResponseWriter;
import org.ewstoken.protocol.TokenResponseMessage;
import org.ewstoken.protocol.TokenType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Parse of the documented request and serialization of the documented response. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {

    static final byte[] REQUEST = ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
            + "<soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\""
            + " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\""
            + " xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soap:Header><t:RequestServerVersion Version=\"Exchange2013\" /></soap:Header>"
            + "<soap:Body><m:GetClientAccessToken><m:TokenRequests><t:TokenRequest>"
            + "<t:Id>1C50226D-04B5-4AB2-9FCD-42E236B59E4B</t:Id><t:TokenType>CallerIdentity</t:TokenType>"
            + "</t:TokenRequest></m:TokenRequests></m:GetClientAccessToken></soap:Body></soap:Envelope>")
            .getBytes(StandardCharsets.UTF_8);

    final SoapRequestReader reader = new SoapRequestReader(ParserLimits.DEFAULTS);
    final SoapResponseWriter writer = new SoapResponseWriter();
    final List<TokenResponseMessage> response = List.of(new TokenResponseMessage.Success(
            "1C50226D-04B5-4AB2-9FCD-42E236B59E4B", TokenType.CALLER_IDENTITY, "eyJ" + "A".repeat(1200), 479));

    @Benchmark
    public EwsRequest parseRequest() throws Exception {
        return reader.read(new ByteArrayInputStream(REQUEST));
    }

    @Benchmark
    public byte[] writeResponse() {
        return writer.getClientAccessTokenResponse(ServerVersionInfo.DEFAULT, response);
    }
}
